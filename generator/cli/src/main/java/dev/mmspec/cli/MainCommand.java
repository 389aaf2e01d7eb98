package dev.mmspec.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mmspec} command as picocli sees it: its subcommands, help, version and error reports. */
@Command(
        name = "mmspec",
        mixinStandardHelpOptions = true,
        version = "mmspec 0.1.0",
        description =
                "Checks specs of Linux MM lock rules and invariants, and explores every interleaving within their "
                        + "bounds.")
final class MainCommand implements Runnable {
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

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(args, out, err).execute(args);
    }

    /**
     * Reports a {@link UsageError} of the command {@code args} name as picocli reports a parameter exception: the
     * message, then that command's usage. @return picocli's exit status for invalid input
     */
    static int reportUsageError(String[] args, UsageError error, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(args, out, err);
        CommandLine command = cli.getSubcommands().getOrDefault(args.length > 0 ? args[0] : "", cli);
        return reportUsageError(command, error);
    }

    static int reportInternalError(Exception e, PrintWriter err) {
        // Bad input never gets here (commands report it and return 1 or 2); this is mmspec's own bug.
        err.println("mmspec: internal error: " + e);
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("dev.mmspec")) {
                err.println("    at " + frame);
            }
        }
        err.println("    please report it with the spec that caused it");
        return Main.INTERNAL;
    }

    private static int reportUsageError(CommandLine command, UsageError error) {
        PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText(error.getMessage()));
        command.usage(err, command.getColorScheme());
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static CommandLine commandLine(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new MainCommand());
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
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) ->
                e instanceof UsageError usage ? reportUsageError(commandLine, usage) : reportInternalError(e, err));
        return cli;
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
