package dev.mmspec.engine.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A run of a model as a list of actions: what the explorer and the property engine report, what a trace file holds and
 * what replay takes. Immutable.
 *
 * <p>The states are not part of a trace's identity: a trace read from a file has none; a trace that was replayed (or
 * built by the explorer, which replays its counterexample) carries {@code steps().size() + 1} of them, the initial
 * state first.
 *
 * @param spec the spec's name
 * @param sourcePath the spec file, for diagnostics
 * @param fixesOff the names of the fixes switched off, in the model's fix order
 * @param seed the seed that produced it, if a random run did
 * @param violation what it ends in, if anything
 * @param steps the steps, in order
 * @param states the decoded states when replayed (initial state first), else empty
 */
public record Trace(
        String spec,
        String sourcePath,
        List<String> fixesOff,
        OptionalLong seed,
        Optional<Violation> violation,
        List<TraceStep> steps,
        List<long[]> states) {

    public Trace {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(sourcePath, "sourcePath");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(violation, "violation");
        fixesOff = List.copyOf(fixesOff);
        steps = List.copyOf(steps);
        List<long[]> copies = new ArrayList<>(states.size());
        for (long[] state : states) {
            copies.add(state.clone());
        }
        states = List.copyOf(copies);
        if (!states.isEmpty() && states.size() != steps.size() + 1) {
            throw new IllegalArgumentException(
                    "a replayed trace has steps + 1 states: " + steps.size() + " steps, " + states.size() + " states");
        }
    }

    /** @return whether the trace carries its states. */
    public boolean replayed() {
        return !states.isEmpty();
    }

    /** @return the state before step {@code index} (0-based), or after the last step for {@code size()}. */
    public long[] stateBefore(int index) {
        if (states.isEmpty()) {
            throw new IllegalStateException("trace of " + spec + " was not replayed; it has no states");
        }
        return states.get(index).clone();
    }

    /** @return the action numbers, in order. */
    public int[] actions() {
        int[] actions = new int[steps.size()];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = steps.get(i).action();
        }
        return actions;
    }

    /** @return this trace with its states (from a replay). */
    public Trace withStates(List<long[]> replayedStates) {
        return new Trace(spec, sourcePath, fixesOff, seed, violation, steps, replayedStates);
    }

    /** @return this trace without its states (its identity). */
    public Trace withoutStates() {
        return new Trace(spec, sourcePath, fixesOff, seed, violation, steps, List.of());
    }

    /** @return this trace with another violation. */
    public Trace withViolation(Optional<Violation> newViolation) {
        return new Trace(spec, sourcePath, fixesOff, seed, newViolation, steps, states);
    }

    /** States are compared by content, so that two replays of one trace are equal. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Trace t)) {
            return false;
        }
        if (!(spec.equals(t.spec)
                && sourcePath.equals(t.sourcePath)
                && fixesOff.equals(t.fixesOff)
                && seed.equals(t.seed)
                && violation.equals(t.violation)
                && steps.equals(t.steps)
                && states.size() == t.states.size())) {
            return false;
        }
        for (int i = 0; i < states.size(); i++) {
            if (!Arrays.equals(states.get(i), t.states.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec, sourcePath, fixesOff, seed, violation, steps);
    }

    @Override
    public String toString() {
        return "Trace[" + spec + ", fixes off " + fixesOff + ", " + steps.size() + " steps"
                + violation.map(v -> ", " + v).orElse("") + "]";
    }
}
