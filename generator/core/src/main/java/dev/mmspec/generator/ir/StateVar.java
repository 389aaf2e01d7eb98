package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/**
 * {@code state pte[Addr]: Pte} or {@code ghost state dma_expected[Addr]: 0..1}.
 *
 * @param dimensions the domains it is indexed by (empty for a scalar)
 * @param type a scalar type or a {@link Type.RecordType}
 * @param initial for a scalar type: its initial value (declared default or the type's default)
 */
public record StateVar(String name, boolean ghost, List<Domain> dimensions, Type type, int initial, Span span) {
    public StateVar {
        dimensions = List.copyOf(dimensions);
    }

    public boolean isRecord() {
        return type instanceof Type.RecordType;
    }

    public RecordDecl record() {
        return ((Type.RecordType) type).decl();
    }
}
