package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/**
 * A record type, named ({@code record Pte {...}}) or the anonymous one of an inline state declaration ({@code state
 * folio[Folio] {...}}, named after the state variable).
 */
public record RecordDecl(String name, List<Field> fields, Span span) {
    public RecordDecl {
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
     * @param initial the value (as in {@link Expr} values: optional none = -1) the field starts with: its declared
     *     default, else false / low / first literal / none
     */
    public record Field(String name, Type type, int initial, Span span) {}
}
