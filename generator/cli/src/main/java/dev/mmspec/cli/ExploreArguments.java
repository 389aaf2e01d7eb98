package dev.mmspec.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code explore}'s common command lines, parsed without picocli. picocli's classes are Java 5 class files, which class
 * data sharing does not archive, and it reads every option's annotations by reflection: about 0.15 s of CPU of a run
 * that otherwise takes 0.4 s. This parser takes only what it parses exactly as picocli does (the options below, each as
 * {@code --name value} or {@code --name=value}, and spec paths) and gives up on anything else, which picocli then
 * parses: {@code --help}, {@code --engine}, an option given twice, a number picocli might read otherwise, a value that
 * looks like an option, {@code @file}s, {@code --}. {@code ExploreArgumentsTest} runs command lines both ways and
 * requires the same output and status.
 */
final class ExploreArguments {
    private static final Set<String> FLAGS = Set.of(
            "--stats",
            "--html",
            "--no-diagrams",
            "--no-partial-order",
            "--sleep-sets",
            "--partitioned",
            "--all-fixes-only",
            "--no-cache");
    private static final Set<String> VALUED =
            Set.of("--workers", "--max-states", "--time-limit", "--trace-dir", "--off", "--cache-dir");
    /** What {@code Integer.valueOf} and {@code Long.valueOf}, picocli's converters, read as the same decimal. */
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");

    private ExploreArguments() {}

    /** @return {@code explore}'s command, its options set as picocli would set them, or empty to let picocli parse */
    static Optional<ExploreCommand> parse(List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("explore")) {
            return Optional.empty();
        }
        ExploreCommand command = new ExploreCommand();
        command.paths = new java.util.ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("@")) {
                return Optional.empty();
            }
            if (!arg.startsWith("-")) {
                Optional<Path> path = path(arg);
                if (path.isEmpty()) {
                    return Optional.empty();
                }
                command.paths.add(path.get());
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (FLAGS.contains(name) && equals < 0) {
                if (!seen.add(name)) {
                    return Optional.empty();
                }
                setFlag(command, name);
                continue;
            }
            if (!VALUED.contains(name) || !name.equals("--off") && !seen.add(name)) {
                return Optional.empty();
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                return Optional.empty();
            }
            if (value.startsWith("-") || value.startsWith("@") || !setValue(command, name, value)) {
                return Optional.empty();
            }
        }
        return command.paths.isEmpty() ? Optional.empty() : Optional.of(command);
    }

    private static void setFlag(ExploreCommand command, String name) {
        switch (name) {
            case "--stats" -> command.stats = true;
            case "--html" -> command.html = true;
            case "--no-diagrams" -> command.noDiagrams = true;
            case "--no-partial-order" -> command.noPartialOrder = true;
            case "--sleep-sets" -> command.sleepSets = true;
            case "--partitioned" -> command.partitioned = true;
            case "--all-fixes-only" -> command.allFixesOnly = true;
            case "--no-cache" -> command.noCache = true;
            default -> throw new AssertionError(name);
        }
    }

    /** @return false for a value this parser leaves to picocli (and its error messages) */
    private static boolean setValue(ExploreCommand command, String name, String value) {
        switch (name) {
            case "--workers" -> {
                if (!DECIMAL.matcher(value).matches() || Long.parseLong(value) > Integer.MAX_VALUE) {
                    return false;
                }
                command.workers = Integer.valueOf(value);
            }
            case "--max-states", "--time-limit" -> {
                if (!DECIMAL.matcher(value).matches()) {
                    return false;
                }
                if (name.equals("--max-states")) {
                    command.maxStates = Long.valueOf(value);
                } else {
                    command.timeLimit = Long.valueOf(value);
                }
            }
            case "--trace-dir", "--cache-dir" -> {
                Optional<Path> path = path(value);
                if (path.isEmpty()) {
                    return false;
                }
                if (name.equals("--trace-dir")) {
                    command.traceDir = path.get();
                } else {
                    command.cacheDir = path.get();
                }
            }
            case "--off" -> command.only.add(value);
            default -> throw new AssertionError(name);
        }
        return true;
    }

    private static Optional<Path> path(String value) {
        try {
            return Optional.of(Path.of(value));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
