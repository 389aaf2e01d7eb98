package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.LockUse;
import dev.mmspec.generator.ast.Node;
import dev.mmspec.generator.ast.StatementSyntax;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.BinaryOp;
import dev.mmspec.generator.lang.LockKind;
import dev.mmspec.generator.lang.LockMode;
import dev.mmspec.generator.lang.UnaryOp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The locks concern: follows every path through an operation's steps with the set of lock instances it holds (by lock
 * name and index spelling, as lockdep would by class and instance), and reports a lock taken against the order, a lock
 * taken twice, an unlock of what is not held, a lock still held when the operation ends or leaves through
 * outcome/return, and a loop that does not release what it takes. Locks may stay held from one step to the next.
 *
 * <p>Paths that meet may hold different locks (a lock taken only when a fix is on, or only when a lookup found
 * something): {@link Held} keeps what some path holds, which lock order is checked against, and what every path holds,
 * which a guarded write needs. A finding is reported only when it holds on every path; the generated model checks the
 * rest when the step runs (an unlock of a lock this task does not hold, a lock held when the operation ends), so
 * nothing goes unchecked.
 *
 * <p>{@code trylock} cannot deadlock, so it is exempt from the order, but only as the last {@code &&} term of an if
 * condition, where the then-branch holds it and the else-branch does not, or negated as the whole condition ({@code if
 * !trylock L { back off } else { ... }}), where the else-branch holds it.
 */
final class LockChecker {
    private final Reporter reporter;
    private final SymbolTable symbols;
    /** The type checker's bindings: each declaration is walked here right after it was typed. */
    private final Function<Node, Binding> bindings;

    private final LockOrder order;
    private final GuardChecker guards;
    private final Set<ExpressionSyntax> placedTrylocks = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<StatementSyntax.Unlock, LockMode> unlockModes = new IdentityHashMap<>();

    LockChecker(
            Reporter reporter,
            SymbolTable symbols,
            Function<Node, Binding> bindings,
            LockOrder order,
            GuardChecker guards) {
        this.reporter = reporter;
        this.symbols = symbols;
        this.bindings = bindings;
        this.order = order;
        this.guards = guards;
    }

    /** @return the mode of every rwsem unlock walked so far, frozen: call once every declaration was checked. */
    LockAttribution result() {
        return new LockAttribution(unlockModes);
    }

    void checkInit(Declaration.Init init) {
        Walk.expressions(init.body(), e -> {
            if (e instanceof ExpressionSyntax.TryLock) {
                reporter.report(Codes.LOCK_IN_INIT, e.span(), "init cannot take locks");
                placedTrylocks.add(e);
            }
        });
        reportLocksIn(init.body());
    }

    private void reportLocksIn(List<StatementSyntax> statements) {
        for (StatementSyntax s : statements) {
            if (s instanceof StatementSyntax.Lock || s instanceof StatementSyntax.Unlock) {
                reporter.report(
                        Codes.LOCK_IN_INIT,
                        s.span(),
                        "init cannot take or release locks",
                        "init runs once before any task; it needs no locks");
            } else if (s instanceof StatementSyntax.If i) {
                reportLocksIn(i.then());
                reportLocksIn(i.otherwise());
            } else if (s instanceof StatementSyntax.For f) {
                reportLocksIn(f.body());
            } else if (s instanceof StatementSyntax.Choose c) {
                reportLocksIn(c.then());
                reportLocksIn(c.otherwise());
            }
        }
    }

    void checkOperation(Declaration.Op op) {
        new OperationWalk(op).run();
        op.steps().forEach(step -> Walk.expressions(step.body(), this::checkPlacement));
    }

    void checkInvariant(Declaration.Invariant invariant) {
        if (invariant.when() != null) {
            Walk.expression(invariant.when(), this::checkPlacement);
        }
        Walk.expression(invariant.body(), this::checkPlacement);
    }

    /** Reports a trylock anywhere but as the last term of an if condition (those were placed by the walk). */
    private void checkPlacement(ExpressionSyntax e) {
        if (e instanceof ExpressionSyntax.TryLock && !placedTrylocks.contains(e)) {
            String lock = ExprText.lock(((ExpressionSyntax.TryLock) e).lock());
            reporter.report(
                    Codes.MISPLACED_TRYLOCK,
                    e.span(),
                    "trylock is only allowed as the last '&&' term of an if condition,"
                            + " or negated as the whole condition",
                    "if ... && trylock " + lock + " { ...; unlock ...; }, or if !trylock " + lock
                            + " { back off } else { ...; unlock ...; }");
            placedTrylocks.add(e);
        }
    }

    /** The walk of one operation; steps are visited in order, carrying what is held across them. */
    private final class OperationWalk {
        private final Declaration.Op op;
        private final Map<String, Integer> stepIndex = new HashMap<>();
        private final Map<String, List<Arrival>> arrivals = new HashMap<>();
        private final Deque<String> allocBinders = new ArrayDeque<>();
        /**
         * What the backward gotos (retries) into each step hold, from the previous walk: a step's entry is the union of
         * every way into it, back edges included, found as a fixpoint.
         */
        private Map<String, Arrival> retries = new HashMap<>();
        /** The same, collected by this walk: every retry into one step must hold the same locks. */
        private Map<String, Arrival> retriesNow = new HashMap<>();
        /** Locks released so far in the current step, and how deep in if/choose/for the walk is. */
        private final Set<String> releasedInStep = new java.util.HashSet<>();

        private int depth;
        /** Walks before the fixpoint is reached report nothing: only the last walk sees every path. */
        private boolean dry;

        private int current;
        /**
         * Set once paths were found to hold a lock in different modes, or a loop to keep what it takes: what is held
         * afterwards is a guess, so later "not held" / "still held" findings would only echo the first one.
         */
        private boolean confused;
        /**
         * Locks that a rejected construct of this operation took or meant to take (a lock statement with an error at
         * it, taken twice, an rwsem without its mode): "not held here on any path" and "written without holding" about
         * them afterwards would only echo that error, so they stay quiet. A misplaced trylock counts too
         * ({@link #rejected}).
         */
        private final Set<String> rejected = new java.util.HashSet<>();

        private final List<ExpressionSyntax.TryLock> trylocks = new ArrayList<>();

        private record Arrival(Held held, Span span) {}

        OperationWalk(Declaration.Op op) {
            this.op = op;
            op.steps()
                    .forEach(step -> Walk.expressions(step.body(), e -> {
                        if (e instanceof ExpressionSyntax.TryLock t) {
                            trylocks.add(t);
                        }
                    }));
            for (int k = 0; k < op.steps().size(); k++) {
                stepIndex.putIfAbsent(op.steps().get(k).name().name(), k);
            }
        }

        void run() {
            // Each walk can only add paths into a step (a retry holding more), so a few rounds settle it.
            for (int round = 0; round <= 2 * op.steps().size() + 2; round++) {
                dry = true;
                walk();
                boolean settled = retriesNow.keySet().equals(retries.keySet())
                        && retriesNow.entrySet().stream()
                                .allMatch(e -> e.getValue()
                                        .held()
                                        .sameAs(retries.get(e.getKey()).held()));
                retries = retriesNow;
                if (settled) {
                    break;
                }
            }
            dry = false;
            walk();
        }

        private void walk() {
            arrivals.clear();
            retriesNow = new HashMap<>();
            confused = false;
            depth = 0;
            Held fallthrough = Held.NONE;
            for (current = 0; current < op.steps().size(); current++) {
                Declaration.StepDecl step = op.steps().get(current);
                Held entry = fallthrough;
                for (Arrival arrival : arrivals.getOrDefault(step.name().name(), List.of())) {
                    entry = entry == null
                            ? arrival.held()
                            : merge(
                                    entry,
                                    arrival.held(),
                                    arrival.span(),
                                    "this goto and the other ways into step '" + step.name() + "'");
                }
                Arrival retry = retries.get(step.name().name());
                if (retry != null) {
                    entry = entry == null
                            ? retry.held()
                            : merge(
                                    entry,
                                    retry.held(),
                                    retry.span(),
                                    "this retry and the other ways into step '" + step.name() + "'");
                }
                // Other tasks run between steps: only conditions they cannot change still tell paths apart.
                entry = entry == null ? Held.NONE : entry.forgetUnstable();
                releasedInStep.clear();
                fallthrough = block(step.body(), entry);
            }
            if (fallthrough != null && !confused) {
                for (Held.Instance still : fallthrough.certain()) {
                    report(
                            Codes.LOCK_HELD_AT_END,
                            still.taken(),
                            still.key() + " is still held when operation '" + op.name() + "' ends",
                            "unlock " + still.key() + " on every path before the end of the last step");
                }
            }
        }

        private void report(Codes code, Span span, String message, String hint) {
            if (!dry) {
                reporter.report(code, span, message, hint);
            }
        }

        private void report(Codes code, Span span, String message) {
            report(code, span, message, "");
        }

        /** @return what is held after the statements, or null if no path gets past them. */
        private Held block(List<StatementSyntax> statements, Held held) {
            for (StatementSyntax s : statements) {
                if (held == null) {
                    return null;
                }
                held = statement(s, held);
            }
            return held;
        }

        private Held statement(StatementSyntax s, Held held) {
            if (s instanceof StatementSyntax.Lock l) {
                return acquire(l.lock(), held, false);
            }
            if (s instanceof StatementSyntax.Unlock u) {
                return release(u, held);
            }
            if (s instanceof StatementSyntax.If i) {
                ExpressionSyntax.TryLock trylock = lastTrylock(i.condition());
                ExpressionSyntax.TryLock negated = negatedTrylock(i.condition());
                Held.Condition condition = condition(i.condition());
                Held then = condition == null ? held : held.assuming(condition);
                Held otherwise = condition == null ? held : held.assuming(condition.negated());
                depth++; // a trylock takes its lock on one branch only
                if (trylock != null) {
                    placedTrylocks.add(trylock);
                    then = acquire(trylock.lock(), then, true);
                } else if (negated != null) {
                    placedTrylocks.add(negated);
                    otherwise = acquire(negated.lock(), otherwise, true);
                }
                depth--;
                depth++;
                Held thenAfter = block(i.then(), then);
                Held otherwiseAfter = block(i.otherwise(), otherwise);
                depth--;
                if (condition != null) {
                    thenAfter = thenAfter == null ? null : thenAfter.takenUnder(held, condition);
                    otherwiseAfter =
                            otherwiseAfter == null ? null : otherwiseAfter.takenUnder(held, condition.negated());
                }
                return merge(thenAfter, otherwiseAfter, i.span(), "the branches of this if");
            }
            if (s instanceof StatementSyntax.Choose c) {
                held = held.forgetUnstable(); // a binder that shadows may now name another element
                if (c.alloc()) {
                    allocBinders.push(c.binder().name());
                }
                depth++;
                Held then = block(c.then(), held);
                if (c.alloc()) {
                    allocBinders.pop();
                }
                Held otherwise = block(c.otherwise(), held);
                depth--;
                return merge(then, otherwise, c.span(), "the branches of this " + (c.alloc() ? "alloc" : "choose"));
            }
            if (s instanceof StatementSyntax.For f) {
                held = held.forgetUnstable(); // the binder changes from one round to the next
                depth++;
                Held after = block(f.body(), held);
                depth--;
                if (after != null && !after.sameAs(held)) {
                    inconsistent(
                            f.span(),
                            "the body of this for loop ends holding " + after + " but starts holding " + held,
                            "release in each iteration what the iteration takes");
                }
                return held;
            }
            if (s instanceof StatementSyntax.Assign a) {
                if (!dry) {
                    guards.checkWrite(
                            a.target(),
                            bindings.apply(a.target()),
                            held,
                            allocBinders,
                            lock -> rejected(lock, a.span()));
                }
                return held.forgetReading(a.target().name().name()); // the write may change what an earlier if tested
            }
            if (s instanceof StatementSyntax.AssignRecord a) {
                if (!dry) {
                    guards.checkWrite(
                            a.target(),
                            bindings.apply(a.target()),
                            held,
                            allocBinders,
                            lock -> rejected(lock, a.span()));
                }
                return held.forgetReading(a.target().name().name());
            }
            if (s instanceof StatementSyntax.Let) {
                return held.forgetUnstable(); // a name tested before may now stand for another value
            }
            if (s instanceof StatementSyntax.Return || s instanceof StatementSyntax.Outcome) {
                if (!held.isCertainlyEmpty() && !confused) {
                    String exit = s instanceof StatementSyntax.Outcome o ? "outcome " + o.name() : "return";
                    report(
                            Codes.LOCK_HELD_AT_EXIT,
                            s.span(),
                            exit + " leaves operation '" + op.name() + "' holding " + held.certainText(),
                            "unlock " + held.certainText() + " before it");
                }
                return null;
            }
            if (s instanceof StatementSyntax.Goto g) {
                Integer target = stepIndex.get(g.target().name());
                if (target != null && target <= current) {
                    // A retry may hold more than the step's first entry (mmap_lock across a fault's retry):
                    // the step then starts holding the union. Two retries of one step must agree.
                    Arrival other = retriesNow.get(g.target().name());
                    if (other == null) {
                        retriesNow.put(g.target().name(), new Arrival(held, g.span()));
                    } else if (!other.held().sameAs(held)) {
                        inconsistent(
                                g.span(),
                                "this goto retries step '" + g.target() + "' holding " + held
                                        + ", but the goto at line "
                                        + other.span().line() + " retries it holding " + other.held(),
                                "release the same locks before every"
                                        + " retry of a step: all of them (as a fault's VM_FAULT_RETRY drops "
                                        + "mmap_lock) or none");
                    }
                } else if (target != null) {
                    arrivals.computeIfAbsent(g.target().name(), k -> new ArrayList<>())
                            .add(new Arrival(held, g.span()));
                }
                return null;
            }
            return held;
        }

        /**
         * The if condition a lock taken in one branch is tied to, or null when it cannot tell paths apart later: it
         * tests locks or quiescence, which taking and releasing change.
         */
        private Held.Condition condition(ExpressionSyntax condition) {
            if (condition instanceof ExpressionSyntax.Unary u && u.op() == UnaryOp.NOT) {
                Held.Condition positive = condition(u.operand()); // if !c is the else-branch of if c
                return positive == null ? null : positive.negated();
            }
            boolean[] usable = {true};
            boolean[] stable = {true};
            Set<String> parameters = new java.util.HashSet<>();
            op.parameters().forEach(p -> parameters.add(p.name().name()));
            Set<String> reads = new java.util.HashSet<>();
            Walk.expression(condition, e -> {
                if (e instanceof ExpressionSyntax.Name n) {
                    reads.add(n.name().name());
                }
                if (e instanceof ExpressionSyntax.Held
                        || e instanceof ExpressionSyntax.TryLock
                        || e instanceof ExpressionSyntax.Quiescent) {
                    usable[0] = false;
                } else if (e instanceof ExpressionSyntax.Name n
                        ? !parameters.contains(n.name().name())
                        : !(e instanceof ExpressionSyntax.Fixed
                                || e instanceof ExpressionSyntax.IntLiteral
                                || e instanceof ExpressionSyntax.BoolLiteral
                                || e instanceof ExpressionSyntax.Unary
                                || e instanceof ExpressionSyntax.Binary
                                || e instanceof ExpressionSyntax.Conditional)) {
                    stable[0] = false;
                }
            });
            return usable[0]
                    ? new Held.Condition(ExprText.render(condition), true, stable[0], Set.copyOf(reads))
                    : null;
        }

        /** Where two paths meet: they may hold different locks, but a lock both hold must be held in one mode. */
        private Held merge(Held a, Held b, Span span, String what) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            for (Held.Instance i : a.all()) {
                Held.Instance other = b.maybe(i.key());
                if (other != null && other.mode() != i.mode()) {
                    inconsistent(
                            span,
                            what + " hold " + i.key() + " in different modes: " + modeName(i) + " and "
                                    + modeName(other),
                            "take " + i.key() + " for the same access on every path");
                }
            }
            return a.merge(b);
        }

        private static String modeName(Held.Instance i) {
            return i.mode().name().toLowerCase(java.util.Locale.ROOT);
        }

        private void inconsistent(Span span, String message, String hint) {
            if (!confused) {
                report(Codes.INCONSISTENT_LOCKS, span, message, hint);
            }
            confused = true;
        }

        /**
         * @return whether a finding about {@code lock} at {@code at} is the cascade of a rejected construct: one
         *     recorded by the walk, or a trylock of it before {@code at} that the walk did not place as an if condition
         *     (it is reported as misplaced, and took nothing)
         */
        private boolean rejected(String lock, Span at) {
            return rejected.contains(lock)
                    || trylocks.stream()
                            .anyMatch(t -> t.lock().lock().name().equals(lock)
                                    && !placedTrylocks.contains(t)
                                    && t.span().startsBefore(at));
        }

        private Held acquire(LockUse use, Held held, boolean trylock) {
            LockSymbol lock = symbols.locks().get(use.lock().name());
            if (lock == null) {
                return held;
            }
            if (reporter.hasErrorWithin(use.span())) {
                rejected.add(lock.name()); // its index or name was already reported
            }
            String index = use.index() == null ? null : ExprText.render(use.index());
            Held.Instance taking = new Held.Instance(lock.name(), index, mode(lock, use), use.span());
            // Taken again where only some paths hold it: the generated model reports it if a run gets there.
            Held.Instance again = held.get(taking.key());
            if (again != null) {
                report(
                        Codes.LOCK_ALREADY_HELD,
                        use.span(),
                        taking.key() + " is already held (taken at line "
                                + again.taken().line() + ")",
                        "a task that takes a lock it holds waits for itself");
                rejected.add(lock.name());
                return held;
            }
            Arrival retry = retries.get(op.steps().get(current).name().name());
            Held.Instance kept = held.maybe(taking.key());
            if (kept != null
                    && depth == 0
                    && retry != null
                    && retry.held().maybe(taking.key()) == kept
                    && !releasedInStep.contains(taking.key())) {
                // Every retry reaches this lock still holding what it kept: it waits for itself.
                report(
                        Codes.LOCK_ALREADY_HELD,
                        use.span(),
                        taking.key() + " is already held when the goto at line "
                                + retry.span().line() + " retries step '"
                                + op.steps().get(current).name() + "'",
                        "take it on the first entry only (if !retrying { lock " + ExprText.lock(use)
                                + "; }), or release it before the goto");
                return held;
            }
            if (!trylock) {
                for (Held.Instance h : held.all()) {
                    if (!h.key().equals(taking.key())) { // held on some path only: the model checks a self-deadlock
                        checkOrder(taking, h);
                    }
                }
            }
            return held.with(taking);
        }

        private void checkOrder(Held.Instance taking, Held.Instance holding) {
            if (taking.lock().equals(holding.lock())
                    && symbols.locks().get(taking.lock()).orderedByIndex()) {
                // Indices the checker can read are compared here; the others by the model when the step runs.
                Integer took = constantIndex(taking.index());
                Integer holds = constantIndex(holding.index());
                if (took != null && holds != null && took < holds) {
                    report(
                            Codes.LOCK_ORDER_VIOLATION,
                            taking.taken(),
                            taking.key() + " taken while holding " + holding.key() + " (order " + taking.lock()
                                    + " by index: the lower index first)",
                            "take " + taking.key() + " before " + holding.key() + ", or use trylock");
                }
            } else if (taking.lock().equals(holding.lock())) {
                report(
                        Codes.UNORDERED_NESTING,
                        taking.taken(),
                        taking.key() + " taken while holding " + holding.key()
                                + ": the order cannot rank two instances of one lock",
                        "declare 'order " + taking.lock()
                                + " by index' if the kernel takes the lower index first (double_pt_lock), or take the "
                                + "second instance with trylock");
            } else if (order.before(taking.lock(), holding.lock())) {
                report(
                        Codes.LOCK_ORDER_VIOLATION,
                        taking.taken(),
                        taking.key() + " taken while holding " + holding.key() + " (order: " + taking.lock() + " < "
                                + holding.lock() + ")",
                        "take " + taking.key() + " before " + holding.key() + ", or use trylock");
            } else if (!order.before(holding.lock(), taking.lock())) {
                report(
                        Codes.UNORDERED_NESTING,
                        taking.taken(),
                        taking.key() + " taken while holding " + holding.key() + ", and no order relates them",
                        "declare 'order " + holding.lock() + " < " + taking.lock() + "'");
            }
        }

        /** @return the value of an index written as a number or a constant's name, else null. */
        private Integer constantIndex(String index) {
            if (index == null) {
                return null;
            }
            if (index.chars().allMatch(Character::isDigit)) {
                return Integer.valueOf(index);
            }
            return symbols.constants().get(index);
        }

        private Held release(StatementSyntax.Unlock u, Held held) {
            LockSymbol lock = symbols.locks().get(u.lock().lock().name());
            if (lock == null) {
                return held;
            }
            String key = ExprText.lock(u.lock());
            Held.Instance instance = held.maybe(key);
            if (instance == null) {
                if (confused || rejected(lock.name(), u.span())) {
                    return held;
                }
                report(
                        Codes.UNLOCK_NOT_HELD,
                        u.span(),
                        key + " is not held here on any path",
                        held.isEmpty() ? "" : "held here: " + held);
                return held;
            }
            if (u.lock().access() != null && lock.kind() != LockKind.RWSEM) {
                report(
                        Codes.LOCK_MODE,
                        u.lock().span(),
                        "'" + lock.name() + "' is a " + lock.kind().spelling() + ", not an rwsem");
            } else if (u.lock().access() != null
                    && u.lock().access() != instance.mode()
                    && !rejected.contains(lock.name())) {
                report(
                        Codes.LOCK_MODE,
                        u.lock().span(),
                        key + " was taken for " + instance.mode().name().toLowerCase(java.util.Locale.ROOT));
            }
            unlockModes.put(u, instance.mode());
            releasedInStep.add(key);
            return held.without(key);
        }

        private LockMode mode(LockSymbol lock, LockUse use) {
            if (lock.kind() == LockKind.RWSEM) {
                if (use.access() == null) {
                    report(
                            Codes.LOCK_MODE,
                            use.span(),
                            "rwsem '" + lock.name() + "' must be taken 'read' or 'write'",
                            "e.g. lock " + ExprText.lock(use) + " read;");
                    rejected.add(lock.name()); // the mode below is a guess
                    return LockMode.WRITE;
                }
                return use.access();
            }
            if (use.access() != null) {
                report(
                        Codes.LOCK_MODE,
                        use.span(),
                        "'" + lock.name() + "' is a " + lock.kind().spelling()
                                + "; only an rwsem is taken for read or write");
            }
            return LockMode.EXCLUSIVE;
        }
    }

    /** @return the trylock of a condition {@code !trylock L}, else null: the else-branch holds L. */
    static ExpressionSyntax.TryLock negatedTrylock(ExpressionSyntax condition) {
        return condition instanceof ExpressionSyntax.Unary u
                        && u.op() == UnaryOp.NOT
                        && u.operand() instanceof ExpressionSyntax.TryLock t
                ? t
                : null;
    }

    /** @return the trylock that is the whole condition or its last {@code &&} term, else null. */
    static ExpressionSyntax.TryLock lastTrylock(ExpressionSyntax condition) {
        if (condition instanceof ExpressionSyntax.TryLock t) {
            return t;
        }
        if (condition instanceof ExpressionSyntax.Binary b && b.op() == BinaryOp.AND) {
            return b.right() instanceof ExpressionSyntax.TryLock t ? t : null;
        }
        return null;
    }
}
