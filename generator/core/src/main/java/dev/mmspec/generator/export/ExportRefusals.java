package dev.mmspec.generator.export;

import dev.mmspec.generator.ir.Expr;

/** Constructs both translations refuse at their span, rather than fail inside the exporter. */
final class ExportRefusals {
    private ExportRefusals() {}

    /**
     * Another task's state ({@code t in op}, {@code t in op.step}, {@code t.op.x}) needs the tasks'
     * program counters and locals as TLA+/Promela variables indexed by task, which neither
     * translation has yet: say so where the spec uses it.
     */
    static void refuseTaskState(Expr e) {
        if (e instanceof Expr.TaskIn || e instanceof Expr.TaskVariable) {
            throw new ExportException("another task's state ('t in op', 't in op.step', 't.op.x') is not translated to TLA+ or"
                    + " Promela yet; to export this spec, keep that fact in a ghost state variable that the operations set", e.span());
        }
    }
}
