package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/**
 * One atomic step of an operation. Other tasks may run between steps, never inside one.
 *
 * @param operation the name of the operation it belongs to
 * @param index its position within the operation (0-based)
 * @param globalIndex its position among all steps of the spec, operation by operation
 */
public record Step(String operation, String name, int index, int globalIndex, List<Stmt> body, Span span) {
    public Step {
        body = List.copyOf(body);
    }

    /** @return the scheduling-point label the runtime carries at this step's start. */
    public String label() {
        return operation + "." + name;
    }
}
