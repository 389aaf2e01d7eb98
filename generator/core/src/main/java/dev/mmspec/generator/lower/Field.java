package dev.mmspec.generator.lower;

/**
 * One bit field of a {@link Block}'s element: where it sits within the element, and how its values are stored.
 *
 * @param name the field name ({@code ref}), or "" for a scalar element
 * @param wordInElement which word of the element holds it (0 unless the element spans words)
 * @param shift bit offset within that word (within the element's bits if several elements share a word)
 * @param bits width
 * @param low the value stored as 0 (optional fields: see {@code optionalLow})
 * @param high the largest legal value
 * @param optionalLow for an optional reference, the domain's low (stored 0 = none, else value - optionalLow + 1);
 *     {@link Integer#MIN_VALUE} for any other field
 */
public record Field(String name, int wordInElement, int shift, int bits, int low, int high, int optionalLow) {

    public boolean isOptional() {
        return optionalLow != Integer.MIN_VALUE;
    }

    public long mask() {
        return (1L << bits) - 1;
    }
}
