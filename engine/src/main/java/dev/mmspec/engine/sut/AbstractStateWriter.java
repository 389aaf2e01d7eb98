package dev.mmspec.engine.sut;

/**
 * Base of the generated typed writers through which a binding reports the implementation's state in the model's packed
 * layout. A value the model cannot represent is a binding bug or a runtime bug, so it fails loudly, naming the field.
 */
public abstract class AbstractStateWriter {
    protected final long[] state;

    protected AbstractStateWriter(long[] state) {
        this.state = state;
    }

    /** @return {@code value} as a 0-based element of a dimension {@code [low, high]}. */
    protected static int index(String field, int value, int low, int high) {
        if (value < low || value > high) {
            throw new IllegalArgumentException(field + ": index " + value + " outside " + low + ".." + high);
        }
        return value - low;
    }

    /** @return {@code value}, which must lie in {@code [low, high]} (optional: -1 for none allowed by low). */
    protected static int value(String field, int value, int low, int high) {
        if (value < low || value > high) {
            throw new IllegalArgumentException(field + " = " + value + " is outside the model's bounds " + low + ".."
                    + high + " (raise the spec's bound, or the binding reports the wrong thing)");
        }
        return value;
    }
}
