package dev.mmspec.generator.check;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/**
 * A record type as the checkers know it, named ({@code record Pte {...}}) or the anonymous one of an inline state
 * declaration (named after the state variable); {@code resolve} makes the IR's {@code RecordDecl} from it, once.
 */
public record RecordSymbol(String name, List<Field> fields, Span span) {
    public RecordSymbol {
        fields = List.copyOf(fields);
    }

    /** @return the field called {@code name}, or null. */
    public Field field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /**
     * @param type a scalar type
     * @param initial the value (optional none = -1) the field starts with: its declared default, else false / low /
     *     first literal / none
     */
    public record Field(String name, ValueType type, int initial, Span span) {}
}
