package dev.mmspec.engine.trace;

import java.util.Objects;

/**
 * What a trace ends in.
 *
 * @param kind the kind of failure
 * @param name what identifies it across shrinking and replay: the invariant's name, the model error's message, the
 *     blocked tasks of a deadlock, or a short key for implementation failures ({@code label}, {@code outcome},
 *     {@code state folio[0].ref}, {@code ptl<folio_lock}); never contains a line break
 */
public record Violation(ViolationKind kind, String name) {

    public Violation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("violation name must be one line: \"" + name + "\"");
        }
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
