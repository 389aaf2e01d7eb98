package dev.mmspec.cli;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.TraceStep;
import dev.mmspec.engine.trace.Violation;
import java.util.List;
import java.util.Locale;

/**
 * One exploration of one spec with a set of fixes off, what it was expected to find, and its line in the detection
 * matrix.
 *
 * @param expectedInvariant the invariant the run must violate, "" if it must hold, "*" if any violation will do (a fix
 *     the spec gives no expectation for)
 */
record Run(ModelInfo info, List<String> fixesOff, String expectedInvariant, ExplorationResult result) {

    boolean asExpected() {
        return switch (result.outcome()) {
            case HOLDS -> expectedInvariant.isEmpty();
            case VIOLATED ->
                !expectedInvariant.isEmpty()
                        && (expectedInvariant.equals("*")
                                || result.violation()
                                        .map(Violation::name)
                                        .orElse("")
                                        .equals(expectedInvariant));
            case INCOMPLETE -> false;
        };
    }

    String verdict() {
        return switch (result.outcome()) {
            case HOLDS -> "holds";
            case VIOLATED -> "VIOLATED " + result.violation().map(Run::describe).orElse("?");
            case INCOMPLETE ->
                "INCOMPLETE (" + result.stopReason() + ", depth " + result.depthCompleted() + " complete, "
                        + result.queueRemaining() + " states left)";
        };
    }

    private static String describe(Violation v) {
        return switch (v.kind()) {
            case INVARIANT -> v.name();
            default -> v.toString();
        };
    }

    String expectation() {
        if (expectedInvariant.isEmpty()) {
            return "holds";
        }
        return expectedInvariant.equals("*") ? "a violation" : "VIOLATED " + expectedInvariant;
    }

    String fixesLabel() {
        return fixesOff.isEmpty() ? "all fixes" : "off: " + String.join(",", fixesOff);
    }

    /** @return steps and operations of the counterexample, or "-". */
    String traceLength() {
        if (result.counterexample().isEmpty()) {
            return "-";
        }
        Trace t = result.counterexample().get();
        long ops = t.steps().stream()
                .map(TraceStep::action)
                .filter(a -> !info.actions().get(a).isContinue())
                .count();
        return t.steps().size() + " steps/" + ops + " ops";
    }

    String line(boolean stats) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "%-22s %-30s %-34s distinct=%d depth=%d time=%dms trace=%s",
                info.spec(),
                fixesLabel(),
                verdict(),
                result.distinctStates(),
                result.depthCompleted(),
                result.elapsedMillis(),
                traceLength()));
        if (stats) {
            s.append(String.format(
                    Locale.ROOT, " states/s=%d bytes/state=%.1f", result.statesPerSecond(), result.bytesPerState()));
            if (result.reducedStates() > 0) {
                s.append(" por-reduced=").append(result.reducedStates());
            }
            if (result.sleptTransitions() > 0) {
                s.append(" transitions=")
                        .append(result.transitions())
                        .append(" asleep=")
                        .append(result.sleptTransitions());
            }
        }
        s.append(asExpected() ? "  [as expected]" : "  [UNEXPECTED: expected " + expectation() + "]");
        return s.toString();
    }
}
