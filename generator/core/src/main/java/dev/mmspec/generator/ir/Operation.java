package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/**
 * {@code op swap_out(a: Addr) { var f: Folio? step add_to_swapcache {...} ... }}.
 *
 * @param index its number among the spec's operations
 * @param parameters parameters (kind PARAM), each of a scalar type
 * @param locals operation-local variables (kind LOCAL): kept across steps, reset when it ends
 */
public record Operation(String name, int index, List<Var> parameters, List<Var> locals, List<Step> steps, Span span) {
    public Operation {
        parameters = List.copyOf(parameters);
        locals = List.copyOf(locals);
        steps = List.copyOf(steps);
    }

    /** @return the step called {@code name}, or null. */
    public Step step(String name) {
        for (Step s : steps) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
