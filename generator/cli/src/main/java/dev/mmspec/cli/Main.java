package dev.mmspec.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/mmspec}: exit 0 when everything is as expected, 1 when a spec has diagnostics or a run did not meet its
 * expectation, 2 for a usage error, 3 for a bug in mmspec itself.
 */
@Command(
        name = "mmspec",
        mixinStandardHelpOptions = true,
        version = "mmspec 0.1.0",
        description =
                "Checks specs of Linux MM lock rules and invariants, and explores every interleaving within their "
                        + "bounds.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. Only the one named on the command line is built: picocli reads
     * every command's annotations by reflection, which was a third of a warm {@code explore}'s time before its first
     * search.
     */
    private static final List<Class<?>> COMMANDS = List.of(
            CheckCommand.class,
            ExploreCommand.class,
            CampaignCommand.class,
            ReplayCommand.class,
            ShowCommand.class,
            GenerateCommand.class,
            ExplainCommand.class,
            ExportCommand.class,
            LspCommand.class);

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int INTERNAL = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err);
        // Autoflush only acts on println: replay's print(diagram) was lost at System.exit.
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the CLI with the given streams; the entry point tests use. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        String named = args.length > 0 ? args[0] : "";
        boolean known = COMMANDS.stream().anyMatch(command -> nameOf(command).equals(named));
        for (Class<?> command : COMMANDS) {
            if (!known || nameOf(command).equals(named)) {
                cli.addSubcommand(nameOf(command), command);
            }
        }
        // --help and --version on every subcommand, present and future, without a required parameter first.
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Bad input never gets here (commands report it and return 1); this is mmspec's own bug.
            err.println("mmspec: internal error: " + e);
            for (StackTraceElement frame : e.getStackTrace()) {
                if (frame.getClassName().startsWith("dev.mmspec")) {
                    err.println("    at " + frame);
                }
            }
            err.println("    please report it with the spec that caused it");
            return INTERNAL;
        });
        return cli.execute(args);
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    @Override
    public void run() {
        // Named from the registered subcommands, so a new command cannot be left out of the message.
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "a command is required: " + String.join(", ", spec.subcommands().keySet()));
    }
}
