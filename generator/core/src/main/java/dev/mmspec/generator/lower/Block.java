package dev.mmspec.generator.lower;

import java.util.List;

/**
 * The packed layout of one array of equal elements: a state variable (element = its record or its scalar), a lock
 * (element = owner, and readers for an rwsem) or the tasks (element = operation, program counter and the operation's
 * parameters and locals).
 *
 * <p>Element {@code e} (0-based, row-major over the dimensions) lives at word {@code baseWord + (e / perWord) *
 * wordsPerElement} and, when several elements share a word, at bit offset {@code (e % perWord) * elementBits} in it; a
 * field adds its own word and shift. The formula is regular so that generated accessors compute positions instead of
 * looking them up.
 *
 * @param name the variable's name
 * @param dimensions size of each dimension
 * @param dimensionLows the low value of each dimension's domain
 * @param fields the element's fields
 * @param elementBits bits per element when an element fits in one word, else 0
 * @param perWord elements per word (1 when an element spans words)
 * @param wordsPerElement words per element (1 when elements share words)
 * @param baseWord first word
 */
public record Block(
        String name,
        List<Integer> dimensions,
        List<Integer> dimensionLows,
        List<Field> fields,
        int elementBits,
        int perWord,
        int wordsPerElement,
        int baseWord,
        int baseShift) {

    public Block {
        dimensions = List.copyOf(dimensions);
        dimensionLows = List.copyOf(dimensionLows);
        fields = List.copyOf(fields);
    }

    public int elements() {
        int n = 1;
        for (int d : dimensions) {
            n *= d;
        }
        return n;
    }

    public Field field(String fieldName) {
        for (Field f : fields) {
            if (f.name().equals(fieldName)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no field " + fieldName + " in " + name);
    }

    /** @return the word holding {@code field} of element {@code e}. */
    public int word(int e, Field field) {
        return baseWord + (e / perWord) * wordsPerElement + field.wordInElement();
    }

    /** @return the bit offset of {@code field} of element {@code e} within its word. */
    public int shift(int e, Field field) {
        return baseShift + (e % perWord) * elementBits + field.shift();
    }

    /** @return the number of words this block occupies from {@code baseWord}. */
    public int words() {
        return ((elements() + perWord - 1) / perWord) * wordsPerElement;
    }
}
