package dev.mmspec.contract.model;

import java.util.List;
import java.util.Objects;

/**
 * Everything about a generated model that is not a transition: enough to print a state, name a step, render a race
 * diagram and drive a scenario without looking at the spec again.
 *
 * <p>Built by name ({@link #builder}), so that a new feature adds a named part with a default rather than a position
 * every model and test must fill: a generated model sets what its spec has, a hand-written one only what it uses. Every
 * list is immutable.
 */
public final class ModelInfo {
    private final String spec;
    private final String title;
    private final String sourcePath;
    private final int stateWords;
    private final List<Slot> slots;
    private final List<String> tasks;
    private final List<Operation> operations;
    private final List<Step> steps;
    private final List<Action> actions;
    private final List<Invariant> invariants;
    private final List<Fix> fixes;
    private final List<String> outcomes;
    private final List<ModelError> errors;
    private final List<Scenario> scenarios;
    private final List<Expectation> expectations;
    private final List<List<Integer>> symmetries;
    private final List<LockInfo> locks;
    private final List<Guard> guards;
    private final List<List<Integer>> independentSteps;
    private final List<SymmetricDomain> symmetricDomains;

    private ModelInfo(Builder b) {
        spec = b.spec;
        title = b.title;
        sourcePath = b.sourcePath;
        stateWords = b.stateWords;
        slots = List.copyOf(b.slots);
        tasks = List.copyOf(b.tasks);
        operations = List.copyOf(b.operations);
        steps = List.copyOf(b.steps);
        actions = List.copyOf(b.actions);
        invariants = List.copyOf(b.invariants);
        fixes = List.copyOf(b.fixes);
        outcomes = List.copyOf(b.outcomes);
        errors = List.copyOf(b.errors);
        scenarios = List.copyOf(b.scenarios);
        expectations = List.copyOf(b.expectations);
        symmetries = b.symmetries.stream().map(List::copyOf).toList();
        locks = List.copyOf(b.locks);
        guards = List.copyOf(b.guards);
        // Without independent steps the explorer never reduces by partial order: one empty list a task.
        independentSteps = b.independentSteps == null
                ? tasks.stream().map(t -> List.<Integer>of()).toList()
                : b.independentSteps.stream().map(List::copyOf).toList();
        symmetricDomains = List.copyOf(b.symmetricDomains);
        if (independentSteps.size() != tasks.size()) {
            throw new IllegalArgumentException(
                    "independentSteps has " + independentSteps.size() + " lists for " + tasks.size() + " tasks");
        }
    }

    /** @return a builder of the description of spec {@code spec}; every other part defaults to empty. */
    public static Builder builder(String spec) {
        return new Builder(spec);
    }

    /** @return the spec's name ({@code anon_exclusive}) */
    public String spec() {
        return spec;
    }

    /** @return the spec's one-line title */
    public String title() {
        return title;
    }

    /** @return the spec file, as given to the generator ({@code spec/anon_exclusive.mmspec}) */
    public String sourcePath() {
        return sourcePath;
    }

    /** @return longs per packed state */
    public int stateWords() {
        return stateWords;
    }

    /** @return every bit field of the state, in declaration order */
    public List<Slot> slots() {
        return slots;
    }

    /** @return task names, by task index */
    public List<String> tasks() {
        return tasks;
    }

    /** @return operations, by index */
    public List<Operation> operations() {
        return operations;
    }

    /** @return every step of every operation, by global step index */
    public List<Step> steps() {
        return steps;
    }

    /** @return every action, by action number */
    public List<Action> actions() {
        return actions;
    }

    /** @return invariants, by index */
    public List<Invariant> invariants() {
        return invariants;
    }

    /** @return fixes, by index (bit i of a fix mask) */
    public List<Fix> fixes() {
        return fixes;
    }

    /** @return observable outcome names (SIGBUS, EFAULT, ...); outcome id = index + 1 */
    public List<String> outcomes() {
        return outcomes;
    }

    /** @return model error sites; error id = index */
    public List<ModelError> errors() {
        return errors;
    }

    /** @return the spec's scenarios */
    public List<Scenario> scenarios() {
        return scenarios;
    }

    /** @return the spec's per-fix expectations */
    public List<Expectation> expectations() {
        return expectations;
    }

    /** @return groups of interchangeable tasks declared by the spec (task indices) */
    public List<List<Integer>> symmetries() {
        return symmetries;
    }

    /** @return the spec's locks, with their place in the global order */
    public List<LockInfo> locks() {
        return locks;
    }

    /** @return for each guarded slot, the lock instance that must be held to change it */
    public List<Guard> guards() {
        return guards;
    }

    /**
     * @return for each task, the global indices of the steps that, run by that task, commute with every step any other
     *     task can run and change nothing an invariant reads, and never jump back to an earlier step: the explorer's
     *     partial-order reduction may then run such a step alone (see {@code dev.mmspec.engine.explore.Explorer});
     *     empty lists for none
     */
    public List<List<Integer>> independentSteps() {
        return independentSteps;
    }

    /**
     * @return the domains the spec declares symmetric ({@code symmetry Folio}): their elements are interchangeable, so
     *     the explorer may treat states that differ only by a permutation of them as one
     */
    public List<SymmetricDomain> symmetricDomains() {
        return symmetricDomains;
    }

    /** Sets the parts of a {@link ModelInfo} by name; {@link #build} checks that they fit together. */
    public static final class Builder {
        private final String spec;
        private String title = "";
        private String sourcePath = "";
        private int stateWords = 1;
        private List<Slot> slots = List.of();
        private List<String> tasks = List.of();
        private List<Operation> operations = List.of();
        private List<Step> steps = List.of();
        private List<Action> actions = List.of();
        private List<Invariant> invariants = List.of();
        private List<Fix> fixes = List.of();
        private List<String> outcomes = List.of();
        private List<ModelError> errors = List.of();
        private List<Scenario> scenarios = List.of();
        private List<Expectation> expectations = List.of();
        private List<List<Integer>> symmetries = List.of();
        private List<LockInfo> locks = List.of();
        private List<Guard> guards = List.of();
        private List<List<Integer>> independentSteps;
        private List<SymmetricDomain> symmetricDomains = List.of();

        private Builder(String spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /** @param title the spec's one-line title */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /** @param sourcePath the spec file, as given to the generator ({@code spec/anon_exclusive.mmspec}) */
        public Builder sourcePath(String sourcePath) {
            this.sourcePath = Objects.requireNonNull(sourcePath, "sourcePath");
            return this;
        }

        /** @param stateWords longs per packed state */
        public Builder stateWords(int stateWords) {
            this.stateWords = Objects.requireNonNull(stateWords, "stateWords");
            return this;
        }

        /** @param slots every bit field of the state, in declaration order */
        public Builder slots(List<Slot> slots) {
            this.slots = Objects.requireNonNull(slots, "slots");
            return this;
        }

        /** {@link #slots(List)}, element by element. */
        public Builder slots(Slot... slots) {
            return slots(List.of(slots));
        }

        /** @param tasks task names, by task index */
        public Builder tasks(List<String> tasks) {
            this.tasks = Objects.requireNonNull(tasks, "tasks");
            return this;
        }

        /** {@link #tasks(List)}, element by element. */
        public Builder tasks(String... tasks) {
            return tasks(List.of(tasks));
        }

        /** @param operations operations, by index */
        public Builder operations(List<Operation> operations) {
            this.operations = Objects.requireNonNull(operations, "operations");
            return this;
        }

        /** {@link #operations(List)}, element by element. */
        public Builder operations(Operation... operations) {
            return operations(List.of(operations));
        }

        /** @param steps every step of every operation, by global step index */
        public Builder steps(List<Step> steps) {
            this.steps = Objects.requireNonNull(steps, "steps");
            return this;
        }

        /** {@link #steps(List)}, element by element. */
        public Builder steps(Step... steps) {
            return steps(List.of(steps));
        }

        /** @param actions every action, by action number */
        public Builder actions(List<Action> actions) {
            this.actions = Objects.requireNonNull(actions, "actions");
            return this;
        }

        /** {@link #actions(List)}, element by element. */
        public Builder actions(Action... actions) {
            return actions(List.of(actions));
        }

        /** @param invariants invariants, by index */
        public Builder invariants(List<Invariant> invariants) {
            this.invariants = Objects.requireNonNull(invariants, "invariants");
            return this;
        }

        /** {@link #invariants(List)}, element by element. */
        public Builder invariants(Invariant... invariants) {
            return invariants(List.of(invariants));
        }

        /** @param fixes fixes, by index (bit i of a fix mask) */
        public Builder fixes(List<Fix> fixes) {
            this.fixes = Objects.requireNonNull(fixes, "fixes");
            return this;
        }

        /** {@link #fixes(List)}, element by element. */
        public Builder fixes(Fix... fixes) {
            return fixes(List.of(fixes));
        }

        /** @param outcomes observable outcome names (SIGBUS, EFAULT, ...); outcome id = index + 1 */
        public Builder outcomes(List<String> outcomes) {
            this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
            return this;
        }

        /** {@link #outcomes(List)}, element by element. */
        public Builder outcomes(String... outcomes) {
            return outcomes(List.of(outcomes));
        }

        /** @param errors model error sites; error id = index */
        public Builder errors(List<ModelError> errors) {
            this.errors = Objects.requireNonNull(errors, "errors");
            return this;
        }

        /** {@link #errors(List)}, element by element. */
        public Builder errors(ModelError... errors) {
            return errors(List.of(errors));
        }

        /** @param scenarios the spec's scenarios */
        public Builder scenarios(List<Scenario> scenarios) {
            this.scenarios = Objects.requireNonNull(scenarios, "scenarios");
            return this;
        }

        /** {@link #scenarios(List)}, element by element. */
        public Builder scenarios(Scenario... scenarios) {
            return scenarios(List.of(scenarios));
        }

        /** @param expectations the spec's per-fix expectations */
        public Builder expectations(List<Expectation> expectations) {
            this.expectations = Objects.requireNonNull(expectations, "expectations");
            return this;
        }

        /** {@link #expectations(List)}, element by element. */
        public Builder expectations(Expectation... expectations) {
            return expectations(List.of(expectations));
        }

        /** @param symmetries groups of interchangeable tasks declared by the spec (task indices) */
        public Builder symmetries(List<List<Integer>> symmetries) {
            this.symmetries = Objects.requireNonNull(symmetries, "symmetries");
            return this;
        }

        /** @param locks the spec's locks, with their place in the global order */
        public Builder locks(List<LockInfo> locks) {
            this.locks = Objects.requireNonNull(locks, "locks");
            return this;
        }

        /** {@link #locks(List)}, element by element. */
        public Builder locks(LockInfo... locks) {
            return locks(List.of(locks));
        }

        /** @param guards for each guarded slot, the lock instance that must be held to change it */
        public Builder guards(List<Guard> guards) {
            this.guards = Objects.requireNonNull(guards, "guards");
            return this;
        }

        /** {@link #guards(List)}, element by element. */
        public Builder guards(Guard... guards) {
            return guards(List.of(guards));
        }

        /**
         * @param independentSteps for each task, the global indices of the steps that, run by that task, commute with
         *     every step any other task can run and change nothing an invariant reads, and never jump back to an
         *     earlier step: the explorer's partial-order reduction may then run such a step alone (see
         *     {@code dev.mmspec.engine.explore.Explorer}); empty lists for none
         */
        public Builder independentSteps(List<List<Integer>> independentSteps) {
            this.independentSteps = Objects.requireNonNull(independentSteps, "independentSteps");
            return this;
        }

        /**
         * @param symmetricDomains the domains the spec declares symmetric ({@code symmetry Folio}): their elements are
         *     interchangeable, so the explorer may treat states that differ only by a permutation of them as one
         */
        public Builder symmetricDomains(List<SymmetricDomain> symmetricDomains) {
            this.symmetricDomains = Objects.requireNonNull(symmetricDomains, "symmetricDomains");
            return this;
        }

        /** {@link #symmetricDomains(List)}, element by element. */
        public Builder symmetricDomains(SymmetricDomain... symmetricDomains) {
            return symmetricDomains(List.of(symmetricDomains));
        }

        /** @return the description; throws {@link IllegalArgumentException} when its parts do not fit together */
        public ModelInfo build() {
            return new ModelInfo(this);
        }
    }

    /**
     * @return whether the spec declares any symmetry (of tasks or of a domain): the explorer then stores
     *     representatives.
     */
    public boolean symmetric() {
        return !symmetries.isEmpty() || !symmetricDomains.isEmpty();
    }

    /** @return the lock called {@code name}, or null. */
    public LockInfo lock(String name) {
        for (LockInfo lock : locks) {
            if (lock.name().equals(name)) {
                return lock;
            }
        }
        return null;
    }

    /** @return the index of the fix called {@code name}, or -1. */
    public int fixIndex(String name) {
        for (int i = 0; i < fixes.size(); i++) {
            if (fixes.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the index of the invariant called {@code name}, or -1. */
    public int invariantIndex(String name) {
        for (int i = 0; i < invariants.size(); i++) {
            if (invariants.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the name of outcome id {@code outcome} as {@link Model#apply} returns it ("" for none). */
    public String outcomeName(int outcome) {
        return outcome <= 0 ? "" : outcomes.get(outcome - 1);
    }

    /**
     * One bit field of the packed state.
     *
     * @param name the variable as the spec would write it: {@code folio[1].ref}, {@code task[app].op}, {@code lock
     *     ptl[0]}
     * @param kind what the field is for, so that renderers can choose what to show
     * @param word index of the long that holds it
     * @param shift bit offset within the word
     * @param bits width in bits
     * @param low the value stored as 0 (fields hold {@code value - low})
     * @param high the largest legal value
     * @param type how to print a value: {@code bool}, {@code int}, an enum's literals, an optional reference
     *     ({@code none} stored as 0)
     * @param task the task a task-local slot belongs to, else -1
     */
    public record Slot(
            String name, SlotKind kind, int word, int shift, int bits, int low, int high, ValueType type, int task) {

        /** @return this slot's value in {@code state}. */
        public int get(long[] state) {
            return (int) ((state[word] >>> shift) & ((1L << bits) - 1)) + low;
        }

        /** Writes {@code value} (which must lie in {@code [low, high]}) into {@code state}. */
        public void set(long[] state, int value) {
            long mask = ((1L << bits) - 1) << shift;
            state[word] = (state[word] & ~mask) | (((long) (value - low) << shift) & mask);
        }

        /** @return {@code value} as the spec would write it. */
        public String format(int value) {
            return type.format(value);
        }
    }

    /** What a slot holds. */
    public enum SlotKind {
        /** Spec state the runtime also has: compared by the abstraction function. */
        STATE,
        /** Ghost state: only the model has it. */
        GHOST,
        /** Owner (task + 1, or 0) of a spinlock or sleeping lock; writer owner of an rwsem. */
        LOCK_OWNER,
        /** Bit mask of the tasks holding an rwsem for read. */
        LOCK_READERS,
        /** A task's current operation (0 idle, else operation index + 1). */
        TASK_OP,
        /** A task's next step within its operation. */
        TASK_PC,
        /** A parameter of a task's current operation. */
        TASK_PARAM,
        /** A local variable of a task's current operation. */
        TASK_LOCAL
    }

    /** How the values of a slot print. */
    public sealed interface ValueType {
        String format(int value);

        record BoolType() implements ValueType {
            public String format(int value) {
                return value != 0 ? "true" : "false";
            }
        }

        record IntType() implements ValueType {
            public String format(int value) {
                return Integer.toString(value);
            }
        }

        /** @param literals enum literal names by ordinal */
        record EnumType(List<String> literals) implements ValueType {
            public EnumType {
                literals = List.copyOf(literals);
            }

            public String format(int value) {
                return value >= 0 && value < literals.size() ? literals.get(value) : "?" + value;
            }
        }

        /** An optional reference into a domain; stored as 0 for none, else index - low + 1. */
        record OptionalType(String domain, int domainLow) implements ValueType {
            public String format(int value) {
                return value == 0 ? "none" : Integer.toString(value - 1 + domainLow);
            }
        }

        /** Owner of a lock: 0 free, else task index + 1. */
        record OwnerType(List<String> tasks) implements ValueType {
            public OwnerType {
                tasks = List.copyOf(tasks);
            }

            public String format(int value) {
                return value == 0 ? "free" : tasks.get(value - 1);
            }
        }

        /** An operation of a task: 0 idle, else operation index + 1. */
        record OperationType(List<String> operations) implements ValueType {
            public OperationType {
                operations = List.copyOf(operations);
            }

            public String format(int value) {
                return value == 0 ? "idle" : operations.get(value - 1);
            }
        }
    }

    /**
     * @param name operation name ({@code swap_out})
     * @param parameters parameter names
     * @param firstStep global index of its first step
     * @param stepCount how many steps it has
     * @param line spec line of its declaration
     */
    public record Operation(String name, List<String> parameters, int firstStep, int stepCount, int line) {
        public Operation {
            parameters = List.copyOf(parameters);
        }
    }

    /**
     * @param operation index of the operation it belongs to
     * @param name step name ({@code unmap})
     * @param label the scheduling-point label the runtime carries at its start ({@code swap_out.unmap})
     * @param line spec line of the step
     */
    public record Step(int operation, String name, String label, int line) {}

    /**
     * @param task the task that takes it
     * @param operation -1 for "continue the current operation", else the operation it starts
     * @param arguments the start arguments (empty for continue)
     */
    public record Action(int task, int operation, List<Integer> arguments) {
        public Action {
            arguments = List.copyOf(arguments);
        }

        public boolean isContinue() {
            return operation < 0;
        }
    }

    /**
     * @param name invariant name
     * @param description its quoted description, or ""
     * @param text its expression as written in the spec
     * @param when its qualifier as written, or "" when it must hold everywhere
     * @param line spec line
     */
    public record Invariant(String name, String description, String text, String when, int line) {}

    /** @param source the commit or report the fix comes from */
    public record Fix(String name, String source, int line) {}

    /** @param message what went wrong, naming the spec construct; @param line spec line */
    public record ModelError(String message, int line) {}

    /** A declared per-fix expectation: with {@code fix} switched off, {@code invariant} is violated. */
    public record Expectation(String fix, String invariant, int line) {}

    /**
     * A named interleaving from a report.
     *
     * @param name scenario name
     * @param fixesOff fixes switched off for it
     * @param entries what each task does, in order
     * @param expected {@code holds}, {@code violates <invariant>} or {@code outcome <NAME>}
     * @param expectedInvariant the invariant it must violate, or "" if it must hold
     * @param expectedOutcome the outcome some step must produce, or ""
     * @param line spec line
     */
    public record Scenario(
            String name,
            List<String> fixesOff,
            List<ScenarioEntry> entries,
            String expected,
            String expectedInvariant,
            String expectedOutcome,
            int line) {
        public Scenario {
            fixesOff = List.copyOf(fixesOff);
            entries = List.copyOf(entries);
        }
    }

    /**
     * One line of a scenario: task {@code task} starts (if idle) {@code operation(arguments)} and runs it through step
     * {@code throughStep} (its last step when -1).
     *
     * @param startAction the action number that starts this operation with these arguments on this task
     * @param throughStep global step index to run through, or -1 for "to completion"
     */
    public record ScenarioEntry(
            int task, int operation, List<Integer> arguments, int startAction, int throughStep, int line) {
        public ScenarioEntry {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * A lock of the spec.
     *
     * @param name its name ({@code ptl})
     * @param kind {@code spinlock}, {@code sleeping} or {@code rwsem}
     * @param granularity what one instance covers ({@code pte_table}, {@code folio}, {@code mm})
     * @param instances how many instances (1 for a lock without a domain)
     * @param rank its place in one topological order of the spec's {@code order} declarations (0 = outermost), or -1 if
     *     no order mentions it: for display only, since the order is partial and two locks it does not relate may have
     *     ranks either way round
     * @param after the locks the order puts after this one, transitively: taking this lock while holding one of them is
     *     against the order; a lock the order does not relate to this one is in neither list (check warns of such a
     *     pair, MM0303, and no run faults on it)
     * @param line spec line
     */
    public record LockInfo(
            String name, String kind, String granularity, int instances, int rank, List<String> after, int line) {
        public LockInfo {
            after = List.copyOf(after);
        }

        /**
         * @return whether taking this lock while holding {@code held} (a lock's name) is against the spec's order: the
         *     order puts {@code held} after this lock. A lock the order does not relate to this one is never against
         *     it. The one test of the order that the model, lockstep and stress runs share.
         */
        public boolean mustNotBeTakenHolding(String held) {
            return after.contains(held);
        }
    }

    /**
     * A domain declared symmetric ({@code symmetry Folio}).
     *
     * @param name the domain's name
     * @param low its first value (element {@code i} is the value {@code low + i})
     * @param size how many elements it has
     * @param pairErrors for each {@code choose} or {@code alloc} over the domain, the first of its {@code size * (size
     *     - 1) / 2} consecutive model errors, one per pair of elements that may be found not interchangeable there (see
     *     {@code dev.mmspec.contract.model.DomainSymmetry#pair}); two errors of one such block are the same failure
     *     seen under two namings of the elements
     */
    public record SymmetricDomain(String name, int low, int size, List<Integer> pairErrors) {
        public SymmetricDomain {
            pairErrors = List.copyOf(pairErrors);
        }

        /** @return the number of errors in each of the {@link #pairErrors()} blocks. */
        public int pairs() {
            return size * (size - 1) / 2;
        }
    }

    /**
     * A guarded-by rule made concrete: changing slot {@code slot} requires holding {@code lock} instance {@code index}
     * (-1 for a lock without a domain), for write if it is an rwsem.
     */
    public record Guard(int slot, String lock, int index, int line) {}
}
