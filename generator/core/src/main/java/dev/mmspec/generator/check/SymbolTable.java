package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The first phase's result, built once by the declaration checkers and then frozen: every top-level declaration
 * resolved to its IR declaration object (created once, so that every later reference is the same instance), in file
 * order, and each operation's parameters and locals. The attribution phase only reads it. Every collection is
 * unmodifiable.
 *
 * @param constants the values of the consts that evaluate, in evaluation order
 * @param domains the declared domains, and the built-in {@link #TASK_DOMAIN} when the tasks are valid
 * @param records the named records
 * @param allRecords the named records and the inline records of state declarations, in file order
 * @param guards the valid guard declarations (from {@link GuardChecker})
 * @param tasks every simulated task, a task group expanded ({@code cpu0}, {@code cpu1})
 * @param taskDomain the domain of the tasks, or null when the spec declares none (or too many)
 * @param broken names declared but broken (already reported): later uses stay quiet
 * @param signatures the variable of each operation parameter and local whose type resolved
 */
public record SymbolTable(
        Map<String, Integer> constants,
        Map<String, DomainSymbol> domains,
        Map<String, EnumSymbol> enums,
        Map<String, RecordSymbol> records,
        List<RecordSymbol> allRecords,
        Map<String, StateSymbol> states,
        Map<String, LockSymbol> locks,
        List<GuardRule> guards,
        Map<String, Declaration.Fix> fixes,
        Map<String, Declaration.Op> operations,
        Map<String, TaskName> tasks,
        Map<String, Declaration.Task> taskGroups,
        Map<String, Declaration.Invariant> invariants,
        DomainSymbol taskDomain,
        Set<String> broken,
        Map<Declaration.Variable, VariableSymbol> signatures)
        implements Symbols {
    public static final String TASK_DOMAIN = "Task";

    /** One simulated task: {@code app}, or {@code cpu1} of {@code task cpu[2]}. */
    public record TaskName(String name, int index, Declaration.Task declaration) {}

    public SymbolTable {
        constants = Frozen.map(constants);
        domains = Frozen.map(domains);
        enums = Frozen.map(enums);
        records = Frozen.map(records);
        allRecords = Frozen.list(allRecords);
        states = Frozen.map(states);
        locks = Frozen.map(locks);
        guards = Frozen.list(guards);
        fixes = Frozen.map(fixes);
        operations = Frozen.map(operations);
        tasks = Frozen.map(tasks);
        taskGroups = Frozen.map(taskGroups);
        invariants = Frozen.map(invariants);
        broken = Frozen.set(broken);
        signatures = Frozen.identity(signatures);
    }

    @Override
    public boolean isBroken(String name) {
        return broken.contains(name);
    }

    /** @return the variable of an operation parameter or local, or null if its type did not resolve. */
    public VariableSymbol signature(Declaration.Variable declaration) {
        return signatures.get(declaration);
    }

    /**
     * The table while the declaration checkers build it. {@link DeclarationChecker} writes every collection but
     * {@link #constants}, which {@link ConstantFolder} writes; the other helpers of the phase read it through
     * {@link Symbols}, which shows no way to change it.
     */
    static final class Builder implements Symbols {
        final Map<String, Integer> constants = new LinkedHashMap<>();
        final Map<String, DomainSymbol> domains = new LinkedHashMap<>();
        final Map<String, EnumSymbol> enums = new LinkedHashMap<>();
        final Map<String, RecordSymbol> records = new LinkedHashMap<>();
        final List<RecordSymbol> allRecords = new ArrayList<>();
        final Map<String, StateSymbol> states = new LinkedHashMap<>();
        final Map<String, LockSymbol> locks = new LinkedHashMap<>();
        final Map<String, Declaration.Fix> fixes = new LinkedHashMap<>();
        final Map<String, Declaration.Op> operations = new LinkedHashMap<>();
        final Map<String, TaskName> tasks = new LinkedHashMap<>();
        final Map<String, Declaration.Task> taskGroups = new LinkedHashMap<>();
        final Map<String, Declaration.Invariant> invariants = new LinkedHashMap<>();
        final Set<String> broken = new HashSet<>();
        final Map<Declaration.Variable, VariableSymbol> signatures = new IdentityHashMap<>();
        DomainSymbol taskDomain;

        SymbolTable freeze(List<GuardRule> guards) {
            return new SymbolTable(
                    constants,
                    domains,
                    enums,
                    records,
                    allRecords,
                    states,
                    locks,
                    guards,
                    fixes,
                    operations,
                    tasks,
                    taskGroups,
                    invariants,
                    taskDomain,
                    broken,
                    signatures);
        }

        @Override
        public Map<String, Integer> constants() {
            return Collections.unmodifiableMap(constants);
        }

        @Override
        public Map<String, DomainSymbol> domains() {
            return Collections.unmodifiableMap(domains);
        }

        @Override
        public Map<String, EnumSymbol> enums() {
            return Collections.unmodifiableMap(enums);
        }

        @Override
        public Map<String, RecordSymbol> records() {
            return Collections.unmodifiableMap(records);
        }

        @Override
        public Map<String, StateSymbol> states() {
            return Collections.unmodifiableMap(states);
        }

        @Override
        public Map<String, LockSymbol> locks() {
            return Collections.unmodifiableMap(locks);
        }

        @Override
        public boolean isBroken(String name) {
            return broken.contains(name);
        }
    }
}
