package dev.mmspec.generator.ast;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.LockMode;
import java.util.List;

/** A top-level declaration, as written. */
public sealed interface Declaration extends Node {

    Ident name();

    /** {@code const MAX_REF = 4}. */
    record Const(Ident name, ExpressionSyntax value, Span span) implements Declaration {}

    /**
     * {@code domain Folio = 0..2}.
     *
     * @param low null for {@code domain X = int}
     * @param high null when missing ({@code 0..}) or for {@code int}: the checker reports it
     */
    record Domain(Ident name, ExpressionSyntax low, ExpressionSyntax high, Span span) implements Declaration {}

    /** {@code enum PteKind { none, present, swap }}. */
    record Enum(Ident name, List<Ident> literals, Span span) implements Declaration {
        public Enum {
            literals = List.copyOf(literals);
        }
    }

    /** {@code record Pte { kind: PteKind ... }}. */
    record Record(Ident name, List<FieldDecl> fields, Span span) implements Declaration {
        public Record {
            fields = List.copyOf(fields);
        }
    }

    /**
     * {@code [ghost] state folio[Folio] {...}} or {@code state pte[Addr]: Pte}.
     *
     * @param type the element type; {@link TypeRef.InlineRecord} for an inline record
     * @param initial the declared default of a scalar state, or null
     */
    record State(boolean ghost, Ident name, List<Ident> dimensions, TypeRef type, ExpressionSyntax initial, Span span)
            implements Declaration {
        public State {
            dimensions = List.copyOf(dimensions);
        }
    }

    /**
     * {@code task app: write, gup_get} or {@code task cpu[2]: fault} (tasks cpu0, cpu1).
     *
     * @param count the group size, or null for a single task
     */
    record Task(Ident name, ExpressionSyntax count, List<Ident> operations, Span span) implements Declaration {
        public Task {
            operations = List.copyOf(operations);
        }
    }

    /**
     * {@code lock ptl[Addr]: spinlock per pte_table}.
     *
     * @param domain null for a single lock
     * @param granularity null when no {@code per} is written
     */
    record Lock(Ident name, Ident domain, dev.mmspec.generator.lang.LockKind kind, Ident granularity, Span span)
            implements Declaration {}

    /** {@code order folio_lock < ptl}; named after its first lock, for diagnostics. */
    record Order(List<Ident> locks, Span span) implements Declaration {
        public Order {
            locks = List.copyOf(locks);
        }

        public Ident name() {
            return locks.get(0);
        }
    }

    /**
     * {@code order ptl by index}: two instances of one lock may be held at once, the lower index taken first, as
     * {@code double_pt_lock()} and {@code spin_lock_nested()} do.
     *
     * @param by the word after {@code by}; only {@code index} is valid (the checker says so)
     */
    record IndexOrder(Ident lock, Ident by, Span span) implements Declaration {
        public Ident name() {
            return lock;
        }
    }

    /**
     * {@code guard folio[f].exclusive by folio_lock[f]}.
     *
     * @param state the guarded state variable (also this declaration's name)
     * @param indices the index variables as written ({@code [f]})
     * @param field null for the whole element
     * @param lockIndex null for a lock without a domain
     * @param access null when not written
     */
    record Guard(Ident state, List<Ident> indices, Ident field, Ident lock, Ident lockIndex, LockMode access, Span span)
            implements Declaration {
        public Guard {
            indices = List.copyOf(indices);
        }

        public Ident name() {
            return state;
        }
    }

    /** {@code fix swap_pte_exclusive "1493a1913e34 ..."}. */
    record Fix(Ident name, String source, Span span) implements Declaration {}

    /** {@code init { ... }}. */
    record Init(List<StatementSyntax> body, Span span) implements Declaration {
        public Init {
            body = List.copyOf(body);
        }

        public Ident name() {
            return new Ident("init", span);
        }
    }

    /**
     * {@code op swap_out(a: Addr) { var f: Folio? step ... }}.
     *
     * @param calls the procedure calls among the steps, each with the number of steps written before it; empty once
     *     {@code ProcedureInliner} has put the procedures' steps in their place
     */
    record Op(
            Ident name,
            List<Variable> parameters,
            List<Variable> locals,
            List<StepDecl> steps,
            List<Call> calls,
            Span span)
            implements Declaration {
        public Op {
            parameters = List.copyOf(parameters);
            locals = List.copyOf(locals);
            steps = List.copyOf(steps);
            calls = List.copyOf(calls);
        }

        public Op(Ident name, List<Variable> parameters, List<Variable> locals, List<StepDecl> steps, Span span) {
            this(name, parameters, locals, steps, List.of(), span);
        }
    }

    /**
     * {@code proc fault_entry(a: Addr) { var ... step ... }}: steps shared by several operations, each {@code call} of
     * it replaced by a copy of its steps before checking.
     */
    record Proc(
            Ident name,
            List<Variable> parameters,
            List<Variable> locals,
            List<StepDecl> steps,
            List<Call> calls,
            Span span)
            implements Declaration {
        public Proc {
            parameters = List.copyOf(parameters);
            locals = List.copyOf(locals);
            steps = List.copyOf(steps);
            calls = List.copyOf(calls);
        }
    }

    /**
     * {@code call fault_entry(a: addr) as entry;}: the procedure's steps, named {@code entry_STEP} (the prefix defaults
     * to the procedure's name), its parameters replaced by the arguments.
     *
     * @param position how many of the caller's own steps come before the call
     * @param prefix null when no {@code as} is written
     */
    record Call(Ident procedure, List<Argument> arguments, Ident prefix, int position, Span span) implements Node {
        public Call {
            arguments = List.copyOf(arguments);
        }

        public String prefixName() {
            return prefix == null ? procedure.name() : prefix.name();
        }
    }

    /** {@code a: addr} in a call: the procedure's parameter and the caller's expression for it. */
    record Argument(Ident name, ExpressionSyntax value, Span span) implements Node {}

    /** A parameter ({@code a: Addr}) or an operation-local {@code var f: Folio?}. */
    record Variable(Ident name, TypeRef type, Span span) implements Node {}

    /** {@code step unmap { ... }}. */
    record StepDecl(Ident name, List<StatementSyntax> body, Span span) implements Node {
        public StepDecl {
            body = List.copyOf(body);
        }
    }

    /**
     * {@code invariant name "description" when q: body}.
     *
     * @param description "" when not written
     * @param when null when not written
     * @param text the body as written, whitespace normalised and comments dropped
     * @param whenText the qualifier as written, or ""
     */
    record Invariant(
            Ident name,
            String description,
            ExpressionSyntax when,
            ExpressionSyntax body,
            String text,
            String whenText,
            Span span)
            implements Declaration {}

    /**
     * {@code scenario name without f { app: op(0).step; ... } expect violates inv}.
     *
     * @param fixesOff the fixes after {@code without}; empty for {@code with all fixes} or none written
     */
    record Scenario(Ident name, List<Ident> fixesOff, List<ScenarioEntry> entries, Expected expected, Span span)
            implements Declaration {
        public Scenario {
            fixesOff = List.copyOf(fixesOff);
            entries = List.copyOf(entries);
        }
    }

    /** {@code app: swap_out(0).unmap;} — step null when the whole operation runs. */
    record ScenarioEntry(Ident task, Ident operation, List<ExpressionSyntax> arguments, Ident step, Span span)
            implements Node {
        public ScenarioEntry {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * What a scenario expects.
     *
     * @param name the invariant (VIOLATES) or outcome (OUTCOME), null for HOLDS
     */
    record Expected(dev.mmspec.generator.lang.ExpectedResult kind, Ident name, Span span) implements Node {}

    /** {@code expect without swap_pte_exclusive violates no_lost_dma}; named after its fix. */
    record Expect(Ident fix, Ident invariant, Span span) implements Declaration {
        public Ident name() {
            return fix;
        }
    }

    /** {@code symmetry cpu}. */
    record Symmetry(Ident group, Span span) implements Declaration {
        public Ident name() {
            return group;
        }
    }

    /**
     * {@code binding: none}: the spec has no implementation to bind, so its runtime suites are skipped with this as the
     * reason instead of failing for a missing binding.
     *
     * @param value what follows the colon ({@code none} is the only value the checker accepts)
     */
    record Binding(Ident value, Span span) implements Declaration {
        public Ident name() {
            return value;
        }
    }
}
