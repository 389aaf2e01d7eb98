package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.Invariant;
import dev.mmspec.generator.ir.LValue;
import dev.mmspec.generator.ir.LockRef;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.Step;
import dev.mmspec.generator.ir.Stmt;
import dev.mmspec.generator.ir.Task;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which steps the explorer may run alone (partial-order reduction): for each task, the steps that commute with every
 * step of every other task and that no invariant can see.
 *
 * <p>The analysis is static and deliberately coarse, so that it is sound without reasoning about values. A step's
 * footprint is the set of state variables and locks it reads and writes, whatever the indices ({@code pte[a]} and
 * {@code pte[b]} are both {@code pte}); parameters and locals belong to the task and are left out. Task {@code t} may
 * run step {@code s} alone if, for every step {@code o} another task can run, {@code s} writes nothing {@code o} reads
 * or writes and reads nothing {@code o} writes; if {@code s} writes nothing an invariant (or its {@code when}) reads;
 * and if {@code s} never jumps back to itself or an earlier step, so that a cycle of reduced states cannot postpone the
 * other tasks forever. {@code quiescent} reads every task's status, which every step may change by ending its
 * operation.
 *
 * <p>Lock ownership checks a task makes on itself ("ended holding a lock", the lock order) are not reads of other
 * tasks' state: another task taking or dropping a lock never changes whether this task holds one.
 */
final class Independence {
    /** The footprint key of every task's status (idle or in an operation). */
    static final String TASKS = "#tasks";

    private Independence() {}

    /** @return for each task (by index), the global indices of the steps it may run alone. */
    static List<List<Integer>> of(Spec spec) {
        List<Footprint> footprints =
                spec.allSteps().stream().map(Independence::footprint).toList();
        Set<String> visible = new LinkedHashSet<>();
        for (Invariant invariant : spec.invariants()) {
            reads(invariant.body(), visible);
            if (invariant.when() != null) {
                reads(invariant.when(), visible);
            }
        }
        List<List<Integer>> result = new ArrayList<>();
        for (Task task : spec.tasks()) {
            List<Footprint> others = new ArrayList<>();
            for (Task other : spec.tasks()) {
                if (other != task) {
                    for (Operation op : other.operations()) {
                        op.steps().forEach(step -> others.add(footprints.get(step.globalIndex())));
                    }
                }
            }
            List<Integer> independent = new ArrayList<>();
            for (Operation op : task.operations()) {
                for (Step step : op.steps()) {
                    Footprint mine = footprints.get(step.globalIndex());
                    if (!mine.jumpsBack
                            && disjoint(mine.writes, visible)
                            && !visible.contains(TASKS)
                            && others.stream().allMatch(o -> commute(mine, o))) {
                        independent.add(step.globalIndex());
                    }
                }
            }
            result.add(independent.stream().sorted().distinct().toList());
        }
        return result;
    }

    private static boolean commute(Footprint a, Footprint b) {
        // Every step may change its own task's status (by ending the operation); only a reader of
        // every task's status (quiescent) can tell.
        if (a.reads.contains(TASKS) || b.reads.contains(TASKS)) {
            return false;
        }
        return disjoint(a.writes, b.reads) && disjoint(a.writes, b.writes) && disjoint(a.reads, b.writes);
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        for (String key : a) {
            if (b.contains(key)) {
                return false;
            }
        }
        return true;
    }

    /** What one step reads and writes of the shared state. */
    private static final class Footprint {
        final Set<String> reads = new LinkedHashSet<>();
        final Set<String> writes = new LinkedHashSet<>();
        boolean jumpsBack;
    }

    static Footprint footprint(Step step) {
        Footprint f = new Footprint();
        statements(step, step.body(), f);
        return f;
    }

    private static void statements(Step step, List<Stmt> body, Footprint f) {
        for (Stmt st : body) {
            statement(step, st, f);
        }
    }

    private static void statement(Step step, Stmt st, Footprint f) {
        if (st instanceof Stmt.LockStmt l) {
            lock(l.lock(), f);
        } else if (st instanceof Stmt.UnlockStmt u) {
            lock(u.lock(), f);
        } else if (st instanceof Stmt.Require r) {
            reads(r.condition(), f.reads);
        } else if (st instanceof Stmt.Assert a) {
            reads(a.condition(), f.reads);
        } else if (st instanceof Stmt.If i) {
            reads(i.condition(), f.reads);
            tryLocks(i.condition(), f.writes);
            statements(step, i.then(), f);
            statements(step, i.otherwise(), f);
        } else if (st instanceof Stmt.Assign a) {
            target(a.target(), f);
            reads(a.value(), f.reads);
        } else if (st instanceof Stmt.AssignRecord a) {
            target(a.target(), f);
            a.values().forEach(v -> reads(v, f.reads));
        } else if (st instanceof Stmt.Let l) {
            reads(l.value(), f.reads);
        } else if (st instanceof Stmt.Goto g) {
            f.jumpsBack |= g.target().index() <= step.index();
        } else if (st instanceof Stmt.For loop) {
            if (loop.where() != null) {
                reads(loop.where(), f.reads);
            }
            statements(step, loop.body(), f);
        } else if (st instanceof Stmt.Choose c) {
            if (c.where() != null) {
                reads(c.where(), f.reads);
            }
            statements(step, c.then(), f);
            statements(step, c.otherwise(), f);
        } else if (!(st instanceof Stmt.Return || st instanceof Stmt.Outcome)) {
            throw new IllegalStateException("no footprint for " + st.getClass().getSimpleName());
        }
    }

    private static void lock(LockRef ref, Footprint f) {
        f.reads.add("lock " + ref.lock().name());
        f.writes.add("lock " + ref.lock().name());
        if (ref.index() != null) {
            reads(ref.index(), f.reads);
        }
    }

    private static void target(LValue target, Footprint f) {
        if (target instanceof LValue.StateTarget s) {
            f.writes.add(s.state().name());
            s.indices().forEach(i -> reads(i, f.reads));
        }
    }

    /** A trylock (only allowed in an {@code if} condition) takes the lock when it succeeds: a write. */
    private static void tryLocks(Expr e, Set<String> writes) {
        if (e instanceof Expr.TryLock t) {
            writes.add("lock " + t.lock().lock().name());
        } else if (e instanceof Expr.Unary u) {
            tryLocks(u.operand(), writes);
        } else if (e instanceof Expr.Binary b) {
            tryLocks(b.left(), writes);
            tryLocks(b.right(), writes);
        } else if (e instanceof Expr.Conditional c) {
            tryLocks(c.condition(), writes);
            tryLocks(c.then(), writes);
            tryLocks(c.otherwise(), writes);
        }
    }

    /** Adds to {@code out} the footprint keys {@code e} reads: state variables, locks, the tasks' status. */
    static void reads(Expr e, Set<String> out) {
        if (e instanceof Expr.StateRead r) {
            out.add(r.state().name());
            r.indices().forEach(i -> reads(i, out));
        } else if (e instanceof Expr.Unary u) {
            reads(u.operand(), out);
        } else if (e instanceof Expr.Binary b) {
            reads(b.left(), out);
            reads(b.right(), out);
        } else if (e instanceof Expr.Conditional c) {
            reads(c.condition(), out);
            reads(c.then(), out);
            reads(c.otherwise(), out);
        } else if (e instanceof Expr.Quantified q) {
            reads(q.body(), out);
        } else if (e instanceof Expr.Held h) {
            out.add("lock " + h.lock().name());
            if (h.index() != null) {
                reads(h.index(), out);
            }
        } else if (e instanceof Expr.TryLock t) {
            out.add("lock " + t.lock().lock().name());
            if (t.lock().index() != null) {
                reads(t.lock().index(), out);
            }
        } else if (e instanceof Expr.Quiescent) {
            out.add(TASKS);
        } else if (e instanceof Expr.TaskIn t) {
            out.add(TASKS); // every step moves its task's pc: nothing that reads it is independent
            reads(t.task(), out);
        } else if (e instanceof Expr.TaskVariable t) {
            out.add(TASKS);
            reads(t.task(), out);
        } else if (!(e instanceof Expr.IntLit
                || e instanceof Expr.BoolLit
                || e instanceof Expr.NoneLit
                || e instanceof Expr.EnumLit
                || e instanceof Expr.VarRead
                || e instanceof Expr.Fixed)) {
            throw new IllegalStateException("no footprint for " + e.getClass().getSimpleName());
        }
    }
}
