package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/**
 * A statement inside a step (or the {@code init} block). A step runs its statements atomically: if a {@code require} is
 * false or a {@code lock} is held by another task anywhere along the path, the whole step is disabled and nothing it
 * did counts.
 */
public sealed interface Stmt {
    Span span();

    /** {@code lock ptl[a];} blocks while another task holds it; checked against the order. */
    record LockStmt(LockRef lock, Span span) implements Stmt {}

    /** {@code unlock ptl[a];} the task must hold it. */
    record UnlockStmt(LockRef lock, Span span) implements Stmt {}

    /** {@code require cond;} blocks (disables the step) while false. */
    record Require(Expr condition, Span span) implements Stmt {}

    /** {@code assert cond "msg";} a kernel BUG_ON: false is a model error. */
    record Assert(Expr condition, String message, Span span) implements Stmt {}

    /** {@code if c {..} else {..}}; {@code else if} nests an If in the else branch. */
    record If(Expr condition, List<Stmt> then, List<Stmt> otherwise, Span span) implements Stmt {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    /** {@code target := value;} for a scalar target. */
    record Assign(LValue target, Expr value, Span span) implements Stmt {}

    /**
     * {@code pte[a] := { kind: swap, slot: s };}: every field of the element is written, the ones not named get their
     * record defaults.
     *
     * @param values one expression per record field, in declaration order (defaults filled in as literals by the front
     *     end)
     */
    record AssignRecord(LValue.StateTarget target, List<Expr> values, Span span) implements Stmt {
        public AssignRecord {
            values = List.copyOf(values);
        }
    }

    /** {@code let exclusive: bool = ...;} a step-local constant. */
    record Let(Var variable, Expr value, Span span) implements Stmt {}

    /** {@code return;} ends the operation now. */
    record Return(Span span) implements Stmt {}

    /**
     * {@code outcome SIGBUS;} ends the operation with an observable outcome.
     *
     * @param id 1-based index into {@link Spec#outcomes()}
     */
    record Outcome(String name, int id, Span span) implements Stmt {}

    /** {@code goto fault;} ends this step; the operation continues at {@code target}. */
    record Goto(Step target, String targetName, Span span) implements Stmt {}

    /** {@code for a in Addr where cond { ... }}: runs the body for each value, lowest first. */
    record For(Var binder, Domain domain, Expr where, List<Stmt> body, Span span) implements Stmt {
        public For {
            body = List.copyOf(body);
        }
    }

    /**
     * {@code choose x in D where cond { ... } else { ... }} picks the lowest value satisfying the condition
     * (deterministic, so model and runtime agree on identities); {@code alloc} is the same choice for a fresh object,
     * whose guarded fields may be written without their locks within this step (a new folio is private until it is
     * mapped).
     *
     * @param where the condition, or null
     */
    record Choose(
            Var binder, Domain domain, Expr where, List<Stmt> then, List<Stmt> otherwise, boolean alloc, Span span)
            implements Stmt {
        public Choose {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }
}
