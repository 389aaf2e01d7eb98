package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.Ident;
import dev.mmspec.generator.ast.Target;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.lang.LockKind;
import dev.mmspec.generator.lang.LockMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The guards concern: {@code guard folio[f].exclusive by folio_lock[f]} declarations, and every write in a step checked
 * against them with the locks the path holds (from {@link LockChecker}). A write whose instance index is the binder of
 * an enclosing {@code alloc} is exempt: a freshly allocated folio is private to its allocator until it is published, as
 * in the kernel. {@code init} is not checked: it runs before any task.
 */
final class GuardChecker {
    private final Reporter reporter;
    /** The names declared so far (the guards are declared after the state and the locks). */
    private final Symbols symbols;
    /** The valid guards, in file order: the symbol table's, once {@link #declared} froze them. */
    private final List<GuardRule> guards = new ArrayList<>();

    GuardChecker(Reporter reporter, Symbols symbols) {
        this.reporter = reporter;
        this.symbols = symbols;
    }

    /** @return the guards declared (for the symbol table), frozen. */
    List<GuardRule> declared() {
        return List.copyOf(guards);
    }

    void declare(Declaration.Guard decl) {
        StateSymbol state = symbols.states().get(decl.state().name());
        LockSymbol lock = symbols.locks().get(decl.lock().name());
        if (state == null || lock == null) {
            unknown(decl.state(), state == null, symbols.states().keySet(), "state");
            unknown(decl.lock(), lock == null, symbols.locks().keySet(), "lock");
            return;
        }
        if (decl.field() != null
                && (!state.isRecord() || state.record().field(decl.field().name()) == null)) {
            if (!symbols.isBroken(state.name() + "." + decl.field().name())
                    && !symbols.isBroken(
                            state.type().toString() + "." + decl.field().name())) {
                reporter.report(
                        Codes.UNKNOWN_FIELD,
                        decl.field().span(),
                        "'" + state.name() + "' has no field '" + decl.field() + "'");
            }
            return;
        }
        if (!decl.indices().isEmpty()
                && decl.indices().size() != state.dimensions().size()) {
            reporter.report(
                    Codes.INDEX_COUNT,
                    decl.state().span(),
                    "'" + state.name() + "' has " + state.dimensions().size() + " dimension(s) but the guard names "
                            + decl.indices().size());
            return;
        }
        boolean byConstant = namesConstant(decl, lock);
        Integer fixed = byConstant ? fixedInstance(decl, lock) : null;
        if (byConstant && fixed == null) {
            return;
        }
        int dimension = fixed != null ? -1 : lockDimension(decl, state, lock);
        if (dimension == -2) {
            return;
        }
        LockMode mode = LockMode.EXCLUSIVE;
        if (lock.kind() == LockKind.RWSEM) {
            mode = decl.access() == null ? LockMode.WRITE : decl.access();
        } else if (decl.access() != null) {
            reporter.report(
                    Codes.LOCK_MODE,
                    decl.span(),
                    "'" + lock.name() + "' is a " + lock.kind().spelling() + ", not an rwsem");
        }
        String field = decl.field() == null ? null : decl.field().name();
        guards.add(new GuardRule(
                state.name(),
                field,
                lock.name(),
                dimension,
                mode,
                fixed == null ? GuardRule.NO_FIXED_INSTANCE : fixed,
                fixed == null ? null : decl.lockIndex().name(),
                decl.span()));
    }

    /**
     * @return whether the lock index is a constant, not one of the state's index variables
     *     ({@code anon_vma_rwsem[ROOT]}).
     */
    private boolean namesConstant(Declaration.Guard decl, LockSymbol lock) {
        return decl.lockIndex() != null
                && lock.domain() != null
                && symbols.constants().containsKey(decl.lockIndex().name())
                && decl.indices().stream()
                        .noneMatch(i -> i.name().equals(decl.lockIndex().name()));
    }

    /** @return the instance every write needs ({@code guard vma by anon_vma_rwsem[ROOT]}), or null after reporting. */
    private Integer fixedInstance(Declaration.Guard decl, LockSymbol lock) {
        int value = symbols.constants().get(decl.lockIndex().name());
        if (value < lock.domain().low() || value > lock.domain().high()) {
            reporter.report(
                    Codes.OUT_OF_RANGE,
                    decl.lockIndex().span(),
                    "constant " + decl.lockIndex() + " = " + value
                            + " is not an instance of lock '" + lock.name() + "' ("
                            + lock.domain().name() + " = " + lock.domain().low() + ".."
                            + lock.domain().high() + ")");
            return null;
        }
        return value;
    }

    /** @return the state dimension that indexes the lock, -1 for a single lock, -2 after reporting. */
    private int lockDimension(Declaration.Guard decl, StateSymbol state, LockSymbol lock) {
        if (lock.domain() == null) {
            if (decl.lockIndex() != null) {
                reporter.report(
                        Codes.BAD_GUARD,
                        decl.lockIndex().span(),
                        "lock '" + lock.name() + "' is a single lock and takes no index");
                return -2;
            }
            return -1;
        }
        if (decl.lockIndex() == null) {
            reporter.report(
                    Codes.BAD_GUARD,
                    decl.lock().span(),
                    "lock '" + lock.name() + "' has one instance per "
                            + lock.domain().name() + "; say which",
                    "e.g. guard " + state.name() + "[i] by " + lock.name() + "[i]");
            return -2;
        }
        int dimension = -1;
        for (int k = 0; k < decl.indices().size(); k++) {
            if (decl.indices().get(k).name().equals(decl.lockIndex().name())) {
                dimension = k;
            }
        }
        if (dimension < 0) {
            reporter.report(
                    Codes.BAD_GUARD,
                    decl.lockIndex().span(),
                    "'" + decl.lockIndex() + "' is not an index variable of '" + state.name() + "'",
                    "name the state's indices and use one of them: guard " + state.name() + "[i] by " + lock.name()
                            + "[i]; for one fixed" + " instance, declare a constant: const ROOT = 0, guard "
                            + state.name() + " by " + lock.name() + "[ROOT]");
            return -2;
        }
        if (!state.dimensions().get(dimension).name().equals(lock.domain().name())) {
            reporter.report(
                    Codes.BAD_GUARD,
                    decl.lockIndex().span(),
                    "'" + decl.lockIndex() + "' ranges over "
                            + state.dimensions().get(dimension).name() + " but lock '" + lock.name() + "' is per "
                            + lock.domain().name());
            return -2;
        }
        return dimension;
    }

    private void unknown(Ident name, boolean missing, Collection<String> known, String kind) {
        if (missing && !symbols.isBroken(name.name())) {
            reporter.report(
                    Codes.UNKNOWN_NAME,
                    name.span(),
                    "unknown " + kind + " '" + name + "'",
                    Suggestions.hint(name.name(), known));
        }
    }

    /**
     * Checks one write of a step against every guard that covers it.
     *
     * @param binding what the type checker bound the target to
     * @param cascade whether a missing lock is the echo of a rejected lock construct, already reported
     */
    void checkWrite(
            Target target,
            Binding binding,
            Held held,
            Collection<String> allocBinders,
            java.util.function.Predicate<String> cascade) {
        if (!(binding instanceof Binding.ToState bound)
                || target.indices().size() != bound.state().dimensions().size()) {
            return;
        }
        String field = target.field() == null ? null : target.field().name();
        for (GuardRule guard : guards) {
            if (!guard.state().equals(bound.state().name())
                    || guard.field() != null && field != null && !guard.field().equals(field)) {
                continue;
            }
            String index = null;
            String alias = null;
            if (guard.hasFixedInstance()) {
                // Taken as lock[ROOT] or as lock[0]: either spelling is that instance.
                index = guard.fixedName();
                alias = Integer.toString(guard.fixedInstance());
            } else if (guard.lockIndexDimension() >= 0) {
                ExpressionSyntax indexExpr = target.indices().get(guard.lockIndexDimension());
                if (indexExpr instanceof ExpressionSyntax.Name n
                        && allocBinders.contains(n.name().name())) {
                    continue;
                }
                index = ExprText.render(indexExpr);
            } else if (target.indices().stream()
                    .anyMatch(i -> i instanceof ExpressionSyntax.Name n
                            && allocBinders.contains(n.name().name()))) {
                continue;
            }
            String needed = ExprText.instance(guard.lock(), index);
            Held.Instance instance = held.get(needed);
            if (instance == null && alias != null) {
                instance = held.get(ExprText.instance(guard.lock(), alias));
            }
            String written = TypeChecker.describe(target);
            String covered = guard.field() == null ? guard.state() : guard.state() + "." + guard.field();
            if (instance == null && cascade.test(guard.lock())) {
                continue;
            }
            if (instance == null) {
                reporter.report(
                        Codes.GUARD_NOT_HELD,
                        target.span(),
                        written + " is written without holding " + needed,
                        covered + " is guarded by " + guard.lock() + " (line "
                                + guard.span().line() + "); take 'lock " + needed + "' first");
            } else if (guard.mode() == LockMode.WRITE && instance.mode() != LockMode.WRITE) {
                reporter.report(
                        Codes.GUARD_WRONG_MODE,
                        target.span(),
                        written + " is written with " + needed + " held for read",
                        covered + " needs " + guard.lock() + " held for write");
            }
        }
    }
}
