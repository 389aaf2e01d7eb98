package dev.mmspec.engine.trace;

import dev.mmspec.contract.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Resolves the names a trace is written in (tasks, {@code op(args)}, step labels, outcomes, fixes, seeds, violations)
 * back to the model's numbers. One place for the line-based trace file and the ITF file, so that both accept exactly
 * the same names. Each method throws {@link IllegalArgumentException} with a message that says what the model has
 * instead; the reader adds the location.
 */
public final class TraceNames {
    private final ModelInfo info;

    public TraceNames(ModelInfo info) {
        this.info = info;
    }

    public int task(String name) {
        int task = info.tasks().indexOf(name);
        if (task < 0) {
            throw new IllegalArgumentException("unknown task \"" + name + "\"; the spec's tasks are " + info.tasks());
        }
        return task;
    }

    public int action(int task, String text) {
        List<String> known = new ArrayList<>();
        for (int a = 0; a < info.actions().size(); a++) {
            if (info.actions().get(a).task() == task) {
                String name = ModelText.action(info, a);
                if (name.equals(text)) {
                    return a;
                }
                known.add(name);
            }
        }
        throw new IllegalArgumentException(
                "task " + info.tasks().get(task) + " has no action \"" + text + "\"; it has " + known);
    }

    public int step(String label) {
        for (int s = 0; s < info.steps().size(); s++) {
            if (info.steps().get(s).label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown step \"" + label + "\"");
    }

    public int outcome(String text) {
        if (text.equals("none")) {
            return 0;
        }
        if (text.startsWith("model_error[") && text.endsWith("]")) {
            try {
                int index = Integer.parseInt(text.substring("model_error[".length(), text.length() - 1));
                if (index >= 0 && index < info.errors().size()) {
                    return -2 - index;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("no model error \"" + text + "\"; the model has "
                    + info.errors().size());
        }
        int index = info.outcomes().indexOf(text);
        if (index < 0) {
            throw new IllegalArgumentException(
                    "unknown outcome \"" + text + "\"; the spec's outcomes are " + info.outcomes() + " and none");
        }
        return index + 1;
    }

    public String fix(String name) {
        if (info.fixIndex(name) < 0) {
            List<String> names = new ArrayList<>();
            info.fixes().forEach(f -> names.add(f.name()));
            throw new IllegalArgumentException("unknown fix \"" + name + "\"; the spec's fixes are " + names);
        }
        return name;
    }

    /** @return the seed written as {@code 0x...} (as every tool prints it), decimal, or {@code none}. */
    public static OptionalLong seed(String value) {
        if (value.equals("none")) {
            return OptionalLong.empty();
        }
        try {
            if (value.startsWith("0x")) {
                return OptionalLong.of(Long.parseUnsignedLong(value.substring(2), 16));
            }
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "seed must be a number (0x... or decimal) or none, found \"" + value + "\"");
        }
    }

    /** @return the seed as traces write it: {@code 0x5eed} or {@code none}. */
    public static String seedText(OptionalLong seed) {
        return seed.isPresent() ? "0x" + Long.toHexString(seed.getAsLong()) : "none";
    }

    public static ViolationKind violationKind(String text) {
        try {
            return ViolationKind.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown violation kind \"" + text + "\"; expected one of "
                    + List.of(ViolationKind.values()) + " or none");
        }
    }

    /** @return the violation written as {@code KIND name}, or empty for {@code none}. */
    public static Optional<Violation> violation(String value) {
        if (value.equals("none")) {
            return Optional.empty();
        }
        int space = value.indexOf(' ');
        ViolationKind kind = violationKind(space < 0 ? value : value.substring(0, space));
        return Optional.of(
                new Violation(kind, space < 0 ? "" : value.substring(space + 1).strip()));
    }
}
