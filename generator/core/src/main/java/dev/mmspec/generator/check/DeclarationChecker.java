package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.FieldDecl;
import dev.mmspec.generator.ast.Ident;
import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.ast.TypeRef;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.diag.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names and declarations concern: every top-level name declared once per namespace, every name a declaration
 * mentions declared, and the declarations turned into the IR's declaration objects in dependency order (constants,
 * tasks, domains, enums, records, state, locks and their order, guards, fixes, operation signatures).
 */
final class DeclarationChecker {
    private final SpecFile ast;
    private final Reporter reporter;
    /** The table this phase builds: this class writes it (but the consts, which the folder evaluates). */
    private final SymbolTable.Builder table;

    private final ConstantFolder folder;
    private final BoundsChecker bounds;
    private final TypeRefs typeRefs;
    private final LockOrder lockOrder;
    private final GuardChecker guards;

    /** Names that share one namespace because they can all appear in expressions and types. */
    private final Map<String, Span> globals = new HashMap<>();

    private Declaration.Init firstInit;
    private Declaration.Binding firstBinding;

    DeclarationChecker(
            SpecFile ast,
            Reporter reporter,
            SymbolTable.Builder table,
            ConstantFolder folder,
            BoundsChecker bounds,
            TypeRefs typeRefs,
            LockOrder lockOrder,
            GuardChecker guards) {
        this.ast = ast;
        this.reporter = reporter;
        this.table = table;
        this.folder = folder;
        this.bounds = bounds;
        this.typeRefs = typeRefs;
        this.lockOrder = lockOrder;
        this.guards = guards;
    }

    void check() {
        globals.put(SymbolTable.TASK_DOMAIN, Span.NONE);
        List<Declaration> all = ast.declarations();
        for (Declaration d : all) {
            register(d);
        }
        folder.evaluateAll();
        tasks(of(all, Declaration.Task.class));
        of(all, Declaration.Domain.class).forEach(this::domain);
        of(all, Declaration.Enum.class).forEach(this::enumeration);
        of(all, Declaration.Record.class).forEach(this::record);
        of(all, Declaration.State.class).forEach(this::state);
        lockOrder.build(of(all, Declaration.Order.class), locksDeclared(all));
        of(all, Declaration.Lock.class).forEach(this::lock);
        of(all, Declaration.IndexOrder.class).forEach(this::indexOrder);
        of(all, Declaration.Guard.class).forEach(guards::declare);
        of(all, Declaration.Fix.class).forEach(f -> table.fixes.put(f.name().name(), f));
        table.operations.values().forEach(this::signature);
        of(all, Declaration.Task.class).forEach(this::taskOperations);
    }

    // ------------------------------------------------------------------------------ namespaces

    private void register(Declaration d) {
        if (d instanceof Declaration.Op op) {
            unique(table.operations, op.name(), op, "operation");
        } else if (d instanceof Declaration.Invariant inv) {
            unique(table.invariants, inv.name(), inv, "invariant");
        } else if (d instanceof Declaration.Init init) {
            if (firstInit != null) {
                reporter.report(
                        Codes.DUPLICATE_NAME,
                        init.span(),
                        "a spec has one init block; another starts at line "
                                + firstInit.span().line(),
                        "merge the two blocks");
            } else {
                firstInit = init;
            }
        } else if (d instanceof Declaration.Binding binding) {
            binding(binding);
        } else if (d instanceof Declaration.Const
                || d instanceof Declaration.Domain
                || d instanceof Declaration.Enum
                || d instanceof Declaration.Record
                || d instanceof Declaration.State
                || d instanceof Declaration.Lock
                || d instanceof Declaration.Fix) {
            global(d.name(), kindOf(d));
        }
        // tasks are registered with their expanded names; the rest declare no name
    }

    /** {@code binding: none}, at most once: the only value, since a spec with a binding needs no declaration. */
    private void binding(Declaration.Binding binding) {
        if (firstBinding != null) {
            reporter.report(
                    Codes.DUPLICATE_NAME,
                    binding.span(),
                    "a spec has one binding declaration; another is at line "
                            + firstBinding.span().line(),
                    "keep one 'binding: none'");
            return;
        }
        firstBinding = binding;
        if (!binding.value().name().equals("none")) {
            reporter.report(
                    Codes.UNKNOWN_NAME,
                    binding.value().span(),
                    "'binding: " + binding.value().name()
                            + "' is not a binding declaration; the only one is 'binding: none'",
                    "write 'binding: none' to skip the runtime suites of a spec without an implementation, or drop "
                            + "the line:"
                            + " a spec with a binding needs no declaration");
        }
    }

    private static String kindOf(Declaration d) {
        String simple = d.getClass().getSimpleName();
        return simple.equals("Const") ? "constant" : simple.toLowerCase(java.util.Locale.ROOT);
    }

    private boolean global(Ident name, String kind) {
        Span first = globals.putIfAbsent(name.name(), name.span());
        if (first == null) {
            return true;
        }
        duplicate(name, kind, first);
        return false;
    }

    private <T> void unique(Map<String, T> namespace, Ident name, T value, String kind) {
        if (namespace.containsKey(name.name())) {
            duplicate(
                    name,
                    kind,
                    ((Declaration) namespace.get(name.name())).name().span());
            return;
        }
        namespace.put(name.name(), value);
    }

    private void duplicate(Ident name, String kind, Span first) {
        String where = first.line() > 0 ? "first declared at line " + first.line() : "'" + name + "' is built in";
        reporter.report(Codes.DUPLICATE_NAME, name.span(), kind + " '" + name + "' is already declared", where);
        table.broken.add(name.name());
    }

    private boolean isFirst(Ident name) {
        return globals.get(name.name()) == name.span();
    }

    // ------------------------------------------------------------------------------- declarations

    private void tasks(List<Declaration.Task> tasks) {
        for (Declaration.Task task : tasks) {
            if (table.taskGroups.putIfAbsent(task.name().name(), task) != null) {
                duplicate(
                        task.name(),
                        "task",
                        table.taskGroups.get(task.name().name()).name().span());
                continue;
            }
            Integer count = task.count() == null ? null : bounds.taskCount(task.count());
            if (task.count() != null && count == null) {
                continue;
            }
            List<String> names = new ArrayList<>();
            if (count == null) {
                names.add(task.name().name());
            } else {
                for (int i = 0; i < count; i++) {
                    names.add(task.name().name() + i);
                }
            }
            for (String name : names) {
                if (table.tasks.containsKey(name)) {
                    duplicate(
                            new Ident(name, task.name().span()),
                            "task",
                            table.tasks.get(name).declaration().name().span());
                } else {
                    table.tasks.put(name, new SymbolTable.TaskName(name, table.tasks.size(), task));
                }
            }
        }
        if (table.tasks.size() > BoundsChecker.MAX_TASKS) {
            reporter.report(
                    Codes.TOO_LARGE,
                    tasks.get(tasks.size() - 1).span(),
                    table.tasks.size() + " tasks in all; the limit is " + BoundsChecker.MAX_TASKS,
                    "interleavings grow exponentially with tasks: two or three show a race");
            table.broken.add(SymbolTable.TASK_DOMAIN);
            return;
        }
        if (table.tasks.isEmpty()) {
            reporter.report(
                    Codes.EMPTY_RANGE,
                    ast.name().span(),
                    "the spec declares no task",
                    "declare the tasks that run operations, e.g. 'task app: write, fault'");
            table.broken.add(SymbolTable.TASK_DOMAIN);
            return;
        }
        table.taskDomain = new DomainSymbol(SymbolTable.TASK_DOMAIN, 0, table.tasks.size() - 1, Span.NONE);
        table.domains.put(SymbolTable.TASK_DOMAIN, table.taskDomain);
    }

    private void domain(Declaration.Domain decl) {
        DomainSymbol d = bounds.domain(decl);
        if (d == null) {
            table.broken.add(decl.name().name());
        } else if (isFirst(decl.name())) {
            table.domains.put(d.name(), d);
        }
    }

    private void enumeration(Declaration.Enum decl) {
        List<String> literals = new ArrayList<>();
        for (Ident literal : decl.literals()) {
            if (literals.contains(literal.name())) {
                reporter.report(
                        Codes.DUPLICATE_NAME,
                        literal.span(),
                        "enum literal '" + literal + "' is already declared in " + decl.name());
            } else {
                literals.add(literal.name());
            }
        }
        if (isFirst(decl.name())) {
            table.enums.put(decl.name().name(), new EnumSymbol(decl.name().name(), literals, decl.span()));
        }
    }

    private void record(Declaration.Record decl) {
        RecordSymbol record = recordOf(decl.name().name(), decl.fields(), decl.span());
        if (isFirst(decl.name())) {
            table.records.put(record.name(), record);
            table.allRecords.add(record);
        }
    }

    private RecordSymbol recordOf(String name, List<FieldDecl> fields, Span span) {
        Map<String, RecordSymbol.Field> resolved = new LinkedHashMap<>();
        for (FieldDecl field : fields) {
            String fieldName = field.name().name();
            if (resolved.containsKey(fieldName)) {
                reporter.report(
                        Codes.DUPLICATE_NAME,
                        field.name().span(),
                        "field '" + fieldName + "' is already declared in " + name);
                continue;
            }
            ValueType type = typeRefs.resolve(field.type(), false);
            if (type == null) {
                table.broken.add(name + "." + fieldName);
                continue;
            }
            resolved.put(
                    fieldName,
                    new RecordSymbol.Field(
                            fieldName,
                            type,
                            initial(field.initial(), type, "field '" + fieldName + "'"),
                            field.span()));
        }
        return new RecordSymbol(name, List.copyOf(resolved.values()), span);
    }

    private int initial(dev.mmspec.generator.ast.ExpressionSyntax value, ValueType type, String what) {
        if (value == null) {
            return Types.defaultValue(type);
        }
        Integer v = bounds.constantOf(value, type, "the default of " + what, Codes.TYPE_MISMATCH);
        return v == null ? Types.defaultValue(type) : v;
    }

    private void state(Declaration.State decl) {
        String name = decl.name().name();
        List<DomainSymbol> dimensions = new ArrayList<>();
        boolean ok = true;
        for (Ident dim : decl.dimensions()) {
            DomainSymbol d = typeRefs.domain(dim);
            ok &= d != null;
            dimensions.add(d);
        }
        ValueType type;
        if (decl.type() instanceof TypeRef.InlineRecord inline) {
            RecordSymbol record = recordOf(name, inline.fields(), inline.span());
            table.allRecords.add(record);
            type = new ValueType.RecordType(record);
        } else {
            type = typeRefs.resolve(decl.type(), true);
        }
        if (!ok || type == null || !isFirst(decl.name())) {
            table.broken.add(name);
            return;
        }
        int initial = type instanceof ValueType.RecordType ? 0 : initial(decl.initial(), type, "state '" + name + "'");
        if (type instanceof ValueType.RecordType && decl.initial() != null) {
            reporter.report(
                    Codes.RECORD_MISUSE,
                    decl.initial().span(),
                    "a record state cannot have an '=' default",
                    "give its fields defaults in the record declaration");
        }
        table.states.put(name, new StateSymbol(name, decl.ghost(), dimensions, type, initial, decl.span()));
    }

    private java.util.Set<String> locksDeclared(List<Declaration> all) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        of(all, Declaration.Lock.class).forEach(l -> names.add(l.name().name()));
        return names;
    }

    private void lock(Declaration.Lock decl) {
        DomainSymbol domain = decl.domain() == null ? null : typeRefs.domain(decl.domain());
        if (decl.domain() != null && domain == null || !isFirst(decl.name())) {
            table.broken.add(decl.name().name());
            return;
        }
        String granularity =
                decl.granularity() == null ? "" : decl.granularity().name();
        String name = decl.name().name();
        table.locks.put(
                name,
                new LockSymbol(
                        name,
                        decl.kind(),
                        domain,
                        granularity,
                        lockOrder.rank(name),
                        lockOrder.after(name),
                        false,
                        decl.span()));
    }

    /** {@code order ptl by index}: marks a declared lock with a domain as ordered by its index. */
    private void indexOrder(Declaration.IndexOrder decl) {
        String name = decl.lock().name();
        if (!decl.by().name().equals("index")) {
            reporter.report(
                    Codes.BAD_INDEX_ORDER,
                    decl.by().span(),
                    "a lock's instances are ordered 'by index', not by '" + decl.by() + "'",
                    "order " + name + " by index");
            return;
        }
        LockSymbol lock = table.locks.get(name);
        if (lock == null) {
            if (!table.broken.contains(name)) {
                reporter.report(
                        Codes.UNKNOWN_NAME,
                        decl.lock().span(),
                        "order names unknown lock '" + name + "'",
                        Suggestions.hint(name, table.locks.keySet()));
            }
            return;
        }
        if (lock.domain() == null) {
            reporter.report(
                    Codes.BAD_INDEX_ORDER,
                    decl.lock().span(),
                    "'" + name + "' is a single lock: it has no index to order by",
                    "declare it over a domain, 'lock " + name + "[D]: "
                            + lock.kind().spelling() + "', or drop this line");
            return;
        }
        if (lock.orderedByIndex()) {
            reporter.report(
                    Codes.DUPLICATE_NAME, decl.span(), "'" + name + "' is already ordered by index", "drop this line");
            return;
        }
        table.locks.put(
                name,
                new LockSymbol(
                        name,
                        lock.kind(),
                        lock.domain(),
                        lock.granularity(),
                        lock.rank(),
                        lock.after(),
                        true,
                        lock.span()));
    }

    private void signature(Declaration.Op op) {
        Map<String, Span> seen = new HashMap<>();
        declareVariables(op.parameters(), VariableSymbol.Kind.PARAM, seen);
        declareVariables(op.locals(), VariableSymbol.Kind.LOCAL, seen);
        Map<String, Span> steps = new HashMap<>();
        for (Declaration.StepDecl step : op.steps()) {
            if (steps.putIfAbsent(step.name().name(), step.span()) != null) {
                reporter.report(
                        Codes.DUPLICATE_NAME,
                        step.name().span(),
                        "step '" + step.name() + "' is already declared in " + op.name());
            }
        }
        if (op.steps().isEmpty()) {
            reporter.report(
                    Codes.EMPTY_OPERATION,
                    op.name().span(),
                    "operation '" + op.name() + "' has no steps",
                    "an operation is a sequence of 'step name { ... }' blocks");
        }
    }

    private void declareVariables(
            List<Declaration.Variable> variables, VariableSymbol.Kind kind, Map<String, Span> seen) {
        for (Declaration.Variable v : variables) {
            if (seen.putIfAbsent(v.name().name(), v.span()) != null) {
                reporter.report(
                        Codes.DUPLICATE_NAME,
                        v.name().span(),
                        "'" + v.name() + "' is already declared in this operation");
                continue;
            }
            ValueType type = typeRefs.resolve(v.type(), kind == VariableSymbol.Kind.LOCAL);
            if (type != null) {
                table.signatures.put(v, new VariableSymbol(v.name().name(), kind, type, v.span()));
            }
        }
        // A record var is stored as one task field per record field, old.kind as old_kind in Java.
        for (Declaration.Variable v : variables) {
            if (table.signatures.get(v) != null && table.signatures.get(v).type() instanceof ValueType.RecordType r) {
                for (RecordSymbol.Field f : r.decl().fields()) {
                    String flat = v.name().name() + "_" + f.name();
                    if (seen.containsKey(flat)) {
                        reporter.report(
                                Codes.DUPLICATE_NAME,
                                v.name().span(),
                                "record var '" + v.name() + "' stores its field " + f.name() + " where '" + flat
                                        + "' is stored",
                                "rename '" + flat + "' or '" + v.name() + "'");
                    }
                }
            }
        }
    }

    private void taskOperations(Declaration.Task task) {
        for (Ident op : task.operations()) {
            if (!table.operations.containsKey(op.name())) {
                reporter.report(
                        Codes.UNKNOWN_NAME,
                        op.span(),
                        "task '" + task.name() + "' runs unknown operation '" + op + "'",
                        Suggestions.hint(op.name(), table.operations.keySet()));
            }
        }
    }

    static <T extends Declaration> List<T> of(List<Declaration> all, Class<T> kind) {
        return all.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
