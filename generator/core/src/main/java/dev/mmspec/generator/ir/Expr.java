package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.BinaryOp;
import dev.mmspec.generator.lang.Quantifier;
import dev.mmspec.generator.lang.UnaryOp;
import java.util.List;

/**
 * A typed expression. Values are ints: bool 0/1, enum ordinals, domain values, optional -1 for none. Constants are
 * folded into {@link IntLit}.
 */
public sealed interface Expr {
    Type type();

    Span span();

    record IntLit(int value, Type type, Span span) implements Expr {}

    record BoolLit(boolean value, Span span) implements Expr {
        public Type type() {
            return new Type.BoolType();
        }
    }

    /** {@code none}; its type is the optional it is compared with or assigned to. */
    record NoneLit(Type type, Span span) implements Expr {}

    record EnumLit(EnumDecl decl, int ordinal, Span span) implements Expr {
        public Type type() {
            return new Type.EnumType(decl);
        }
    }

    /**
     * A read of spec state: {@code folio[f].ref}, {@code dma_expected[a]}. Reading a whole record is not an expression.
     *
     * @param field the record field, or null for a scalar state variable
     */
    record StateRead(StateVar state, List<Expr> indices, String field, Type type, Span span) implements Expr {
        public StateRead {
            indices = List.copyOf(indices);
        }
    }

    /** A parameter, local, let or bound variable. */
    record VarRead(Var variable, Span span) implements Expr {
        public Type type() {
            return variable.type();
        }
    }

    /** Unary {@code !} (NOT) or {@code -} (NEG). */
    record Unary(UnaryOp op, Expr operand, Type type, Span span) implements Expr {}

    /**
     * Binary operators. Comparisons of an optional with a value or {@code none} compare the stored values (none = -1).
     * {@code implies}, {@code &&} and {@code ||} short-circuit.
     */
    record Binary(BinaryOp op, Expr left, Expr right, Type type, Span span) implements Expr {}

    /** {@code c ? a : b}. */
    record Conditional(Expr condition, Expr then, Expr otherwise, Type type, Span span) implements Expr {}

    /**
     * {@code forall x in D: body} (bool), {@code exists x in D: body} (bool), {@code count(x in D: body)} (int, type
     * {@code 0..|D|}).
     */
    record Quantified(Quantifier quantifier, Var binder, Domain domain, Expr body, Type type, Span span)
            implements Expr {}

    /** {@code fixed(swap_pte_exclusive)}: true unless the fix is switched off. */
    record Fixed(Fix fix, Span span) implements Expr {
        public Type type() {
            return new Type.BoolType();
        }
    }

    /**
     * {@code held(ptl[a])}: whether any task holds the instance; {@code held(ptl)}: whether any task holds any instance
     * of it (index null). For an rwsem: held for read or write.
     */
    record Held(Lock lock, Expr index, Span span) implements Expr {
        public Type type() {
            return new Type.BoolType();
        }
    }

    /**
     * {@code trylock folio_lock[f]}: takes the lock if it is free and yields true, else false. Only allowed in an
     * {@code if} condition; exempt from the lock order (it cannot deadlock).
     */
    record TryLock(LockRef lock, Span span) implements Expr {
        public Type type() {
            return new Type.BoolType();
        }
    }

    /**
     * {@code t in fault} (step null) or {@code t in fault.map}: task t has started operation fault and not ended it
     * (and its next step is map).
     *
     * @param operationIndex the operation's index among the spec's operations
     * @param stepIndex the step's index in the operation, or -1
     */
    record TaskIn(Expr task, String operation, int operationIndex, String step, int stepIndex, Span span)
            implements Expr {
        public Type type() {
            return new Type.BoolType();
        }
    }

    /**
     * {@code t.fault.a}: parameter or local a of task t's operation fault; its type's default while t is not inside
     * fault.
     */
    record TaskVariable(Expr task, String operation, int operationIndex, Var variable, Span span) implements Expr {
        public Type type() {
            return variable.type();
        }
    }

    /** {@code quiescent}: every task is idle. */
    record Quiescent(Span span) implements Expr {
        public Type type() {
            return new Type.BoolType();
        }
    }
}
