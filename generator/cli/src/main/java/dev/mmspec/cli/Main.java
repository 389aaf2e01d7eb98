package dev.mmspec.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * {@code bin/mmspec}: exit 0 when everything is as expected, 1 when a spec has diagnostics or a run did not meet its
 * expectation, 2 for a usage error, 3 for a bug in mmspec itself.
 *
 * <p>No picocli class here: a common {@code explore} command line is parsed by {@link ExploreArguments} and runs
 * without loading picocli at all (it is most of a short run's start-up that class data sharing cannot save); every
 * other command line goes to picocli ({@link MainCommand}).
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int INTERNAL = 3;

    private Main() {}

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
        Optional<ExploreCommand> explore = ExploreArguments.parse(List.of(args));
        if (explore.isEmpty()) {
            return MainCommand.run(args, out, err);
        }
        try {
            return explore.get().explore(out, err);
        } catch (UsageError e) {
            return MainCommand.reportUsageError(args, e, out, err);
        } catch (Exception e) {
            // As picocli's execute: an Error is not caught there either.
            return MainCommand.reportInternalError(e, err);
        }
    }

    /** Runs the CLI as picocli parses every command line, {@code explore}'s too: what the fast path must agree with. */
    static int runWithPicocli(String[] args, PrintWriter out, PrintWriter err) {
        return MainCommand.run(args, out, err);
    }
}
