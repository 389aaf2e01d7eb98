package dev.mmspec.generator.check;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/**
 * A declared state variable as the checkers know it ({@code state pte[Addr]: Pte}, {@code ghost state x: 0..1});
 * {@code resolve} makes the IR's {@code StateVar} from it, once. The components are the IR state variable's.
 *
 * @param dimensions the domains it is indexed by (empty for a scalar)
 * @param type a scalar type or a {@link ValueType.RecordType}
 * @param initial for a scalar type: its initial value (declared default or the type's default)
 */
public record StateSymbol(
        String name, boolean ghost, List<DomainSymbol> dimensions, ValueType type, int initial, Span span) {
    public StateSymbol {
        dimensions = List.copyOf(dimensions);
    }

    public boolean isRecord() {
        return type instanceof ValueType.RecordType;
    }

    public RecordSymbol record() {
        return ((ValueType.RecordType) type).decl();
    }
}
