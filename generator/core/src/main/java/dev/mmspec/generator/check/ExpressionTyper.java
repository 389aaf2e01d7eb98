package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.Ident;
import dev.mmspec.generator.ast.LockUse;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.Quantifier;
import dev.mmspec.generator.lang.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The types concern for expressions: resolves every name, gives every expression a type (recorded in the
 * {@link TypeAttribution}) and reports what does not type. A null type means "already reported"; it is accepted
 * everywhere so that one mistake gives one diagnostic.
 */
final class ExpressionTyper {
    /** Where an expression sits: some forms only mean something in some places. */
    enum Place {
        INIT,
        STEP,
        INVARIANT
    }

    private final Reporter reporter;
    private final SymbolTable symbols;
    private final TypeAttribution.Builder typed;
    private final BoundsChecker bounds;
    private final ConstantFolder folder;
    private final TypeRefs typeRefs;

    ExpressionTyper(
            Reporter reporter,
            SymbolTable symbols,
            TypeAttribution.Builder typed,
            BoundsChecker bounds,
            ConstantFolder folder,
            TypeRefs typeRefs) {
        this.reporter = reporter;
        this.symbols = symbols;
        this.typed = typed;
        this.bounds = bounds;
        this.folder = folder;
        this.typeRefs = typeRefs;
    }

    /** Types a condition: it must be a bool. */
    void condition(ExpressionSyntax e, Scope scope, Place place) {
        ValueType t = type(e, null, scope, place);
        if (t != null && !Types.isBool(t)) {
            reporter.report(Codes.NOT_BOOLEAN, e.span(), "condition must be a bool, not " + Types.describe(t));
        }
    }

    /** Types a value given to a place of type {@code target} ({@code what} names the place). */
    void expect(ExpressionSyntax e, ValueType target, Scope scope, Place place, String what) {
        ValueType t = type(e, target, scope, place);
        if (target == null || t == null) {
            return;
        }
        boolean domainStep =
                target instanceof ValueType.DomainType d && Types.sameDomain(d.domain(), typed.domainSteps.get(e));
        if (!domainStep && !Types.assignable(target, t, isConstant(e))) {
            reporter.report(
                    Codes.TYPE_MISMATCH,
                    e.span(),
                    what + " needs a " + Types.describe(target) + ", not a " + Types.describe(t),
                    hintFor(target, t));
            return;
        }
        bounds.checkFits(e, target, what);
    }

    private static String hintFor(ValueType target, ValueType value) {
        if (Types.domainOf(target) != null && Types.isInt(value)) {
            return "a computed int is not a " + Types.domainOf(target).name() + " value; only constants convert";
        }
        if (Types.isInt(target) && Types.domainOf(value) != null) {
            return "a " + Types.domainOf(value).name() + " value is an index, not a number";
        }
        return "";
    }

    boolean isConstant(ExpressionSyntax e) {
        return folder.fold(e).isPresent();
    }

    /**
     * @param hint the type the context expects, used to resolve enum literals and none; may be null
     * @return the type, or null after reporting
     */
    ValueType type(ExpressionSyntax e, ValueType hint, Scope scope, Place place) {
        ValueType t = compute(e, hint, scope, place);
        if (t != null) {
            typed.types.put(e, t);
        }
        return t;
    }

    private ValueType compute(ExpressionSyntax e, ValueType hint, Scope scope, Place place) {
        if (e instanceof ExpressionSyntax.IntLiteral i) {
            if (i.value() > Integer.MAX_VALUE) {
                reporter.report(Codes.OUT_OF_RANGE, e.span(), "integer " + i.value() + " does not fit in an int");
                return null;
            }
            return new ValueType.RangeType((int) i.value(), (int) i.value());
        }
        if (e instanceof ExpressionSyntax.BoolLiteral) {
            return new ValueType.BoolType();
        }
        if (e instanceof ExpressionSyntax.NoneLiteral) {
            return none(e, hint);
        }
        if (e instanceof ExpressionSyntax.Name n) {
            return name(n, hint, scope);
        }
        if (e instanceof ExpressionSyntax.Index x) {
            StateSymbol s = indexedState(x, scope, place);
            if (s != null && s.isRecord() && !(hint instanceof ValueType.RecordType)) {
                reporter.report(
                        Codes.RECORD_MISUSE,
                        e.span(),
                        "'" + s.name() + "' elements are records; read one field",
                        "e.g. " + ExprText.render(e) + "."
                                + s.record().fields().get(0).name());
                return null;
            }
            return s == null ? null : s.type();
        }
        if (e instanceof ExpressionSyntax.Field f && f.base() instanceof ExpressionSyntax.Field inner) {
            // Records are flat, so a field of a field is another task's variable: t.fault.a
            return taskVariable(f, inner, scope, place);
        }
        if (e instanceof ExpressionSyntax.Field f) {
            return field(f, scope, place);
        }
        if (e instanceof ExpressionSyntax.Unary u) {
            return unary(u, scope, place);
        }
        if (e instanceof ExpressionSyntax.Binary b) {
            return new BinaryTyper(this, reporter, typed).type(b, scope, place);
        }
        if (e instanceof ExpressionSyntax.Conditional c) {
            condition(c.condition(), scope, place);
            ValueType then = type(c.then(), hint, scope, place);
            ValueType otherwise = type(c.otherwise(), then != null ? then : hint, scope, place);
            ValueType joined = Types.join(then, otherwise);
            if (then != null && otherwise != null && joined == null) {
                reporter.report(
                        Codes.TYPE_MISMATCH,
                        e.span(),
                        "the branches of '?:' have different types: " + Types.describe(then) + " and "
                                + Types.describe(otherwise));
            }
            return joined;
        }
        if (e instanceof ExpressionSyntax.Quantified q) {
            return quantified(q, scope, place);
        }
        if (e instanceof ExpressionSyntax.Fixed f) {
            if (!symbols.fixes().containsKey(f.fix().name())) {
                unknown(f.fix(), "fix", symbols.fixes().keySet());
            }
            return new ValueType.BoolType();
        }
        if (e instanceof ExpressionSyntax.Held h) {
            lockUse(h.lock(), false, scope, place);
            return new ValueType.BoolType();
        }
        if (e instanceof ExpressionSyntax.TryLock t) {
            lockUse(t.lock(), true, scope, place);
            return new ValueType.BoolType();
        }
        if (e instanceof ExpressionSyntax.TaskIn t) {
            return taskIn(t, scope, place);
        }
        if (e instanceof ExpressionSyntax.Quiescent) {
            if (place != Place.INVARIANT) {
                reporter.report(
                        Codes.MISPLACED_EXPRESSION,
                        e.span(),
                        "'quiescent' is only meaningful in an invariant",
                        "inside a step the running task is never idle");
            }
            return new ValueType.BoolType();
        }
        throw new AssertionError(e);
    }

    private ValueType none(ExpressionSyntax e, ValueType hint) {
        if (hint instanceof ValueType.EnumType en && en.decl().literals().contains("none")) {
            typed.bindings.put(
                    e, new Binding.ToEnumLiteral(en.decl(), en.decl().literals().indexOf("none")));
            return hint;
        }
        return hint instanceof ValueType.OptionalType ? hint : new ValueType.NoneType();
    }

    private ValueType name(ExpressionSyntax.Name n, ValueType hint, Scope scope) {
        String id = n.name().name();
        VariableSymbol v = scope.lookup(id);
        if (v != null) {
            typed.bindings.put(n, new Binding.ToVar(v));
            if (v.type() instanceof ValueType.RecordType r && !(hint instanceof ValueType.RecordType)) {
                reporter.report(
                        Codes.RECORD_MISUSE,
                        n.span(),
                        "'" + id + "' is a record; read one field, or compare or assign it whole",
                        "e.g. " + id + "." + r.decl().fields().get(0).name());
                return null;
            }
            return v.type();
        }
        if (symbols.constants().containsKey(id)) {
            int value = symbols.constants().get(id);
            typed.bindings.put(n, new Binding.ToConst(id, value));
            return new ValueType.RangeType(value, value);
        }
        StateSymbol s = symbols.states().get(id);
        if (s != null) {
            if (!s.dimensions().isEmpty()) {
                reporter.report(
                        Codes.INDEX_COUNT,
                        n.span(),
                        "'" + id + "' needs " + s.dimensions().size() + " index(es)",
                        "write " + id + "["
                                + String.join(
                                        ", ",
                                        s.dimensions().stream()
                                                .map(DomainSymbol::name)
                                                .toList()) + " value]");
                return null;
            }
            if (s.isRecord() && !(hint instanceof ValueType.RecordType)) {
                reporter.report(Codes.RECORD_MISUSE, n.span(), "'" + id + "' is a record; read one field");
                return null;
            }
            typed.bindings.put(n, new Binding.ToState(s));
            return s.type();
        }
        ValueType literal = enumLiteral(n, hint);
        if (literal != null || typed.bindings.containsKey(n)) {
            return literal;
        }
        if (typed.isQuiet(id)) {
            return null;
        }
        if (symbols.domains().containsKey(id)
                || symbols.locks().containsKey(id)
                || symbols.fixes().containsKey(id)
                || symbols.enums().containsKey(id)
                || symbols.records().containsKey(id)) {
            reporter.report(
                    Codes.WRONG_KIND_OF_NAME,
                    n.span(),
                    "'" + id + "' is not a value",
                    symbols.fixes().containsKey(id)
                            ? "test a fix with fixed(" + id + ")"
                            : symbols.locks().containsKey(id) ? "test a lock with held(" + id + ")" : "");
            return null;
        }
        List<String> known = new ArrayList<>();
        scope.names().forEach(known::add);
        known.addAll(symbols.constants().keySet());
        known.addAll(symbols.states().keySet());
        symbols.enums().values().forEach(en -> known.addAll(en.literals()));
        reporter.report(Codes.UNKNOWN_NAME, n.span(), "unknown name '" + id + "'", Suggestions.hint(id, known));
        return null;
    }

    /** @return the enum type of a literal, null if {@code n} is no literal (or after reporting an ambiguity). */
    private ValueType enumLiteral(ExpressionSyntax.Name n, ValueType hint) {
        String id = n.name().name();
        if (hint instanceof ValueType.EnumType en && en.decl().literals().contains(id)) {
            typed.bindings.put(
                    n, new Binding.ToEnumLiteral(en.decl(), en.decl().literals().indexOf(id)));
            return hint;
        }
        List<EnumSymbol> owners = symbols.enums().values().stream()
                .filter(en -> en.literals().contains(id))
                .toList();
        if (owners.size() == 1) {
            EnumSymbol owner = owners.get(0);
            typed.bindings.put(
                    n, new Binding.ToEnumLiteral(owner, owner.literals().indexOf(id)));
            return new ValueType.EnumType(owner);
        }
        if (owners.size() > 1) {
            reporter.report(
                    Codes.AMBIGUOUS_LITERAL,
                    n.span(),
                    "'" + id + "' is a literal of "
                            + String.join(
                                    " and ",
                                    owners.stream().map(EnumSymbol::name).toList()),
                    "compare it with a value of the enum you mean");
            typed.bindings.put(
                    n,
                    new Binding.ToEnumLiteral(
                            owners.get(0), owners.get(0).literals().indexOf(id)));
        }
        return null;
    }

    /**
     * @return the record type of an expression that denotes a whole record ({@code pte[a]}, a record var, a scalar
     *     record state, a conditional of those), else null; reports nothing
     */
    ValueType.RecordType wholeRecord(ExpressionSyntax e, Scope scope) {
        if (e instanceof ExpressionSyntax.Name n) {
            VariableSymbol v = scope.lookup(n.name().name());
            if (v != null) {
                return v.type() instanceof ValueType.RecordType r ? r : null;
            }
            StateSymbol s = symbols.states().get(n.name().name());
            return s != null && s.dimensions().isEmpty() && s.isRecord() ? (ValueType.RecordType) s.type() : null;
        }
        if (e instanceof ExpressionSyntax.Index x
                && x.base() instanceof ExpressionSyntax.Name base
                && scope.lookup(base.name().name()) == null) {
            StateSymbol s = symbols.states().get(base.name().name());
            return s != null && s.isRecord() ? (ValueType.RecordType) s.type() : null;
        }
        if (e instanceof ExpressionSyntax.Conditional c) {
            ValueType.RecordType then = wholeRecord(c.then(), scope);
            return then != null ? then : wholeRecord(c.otherwise(), scope);
        }
        return null;
    }

    /** Types {@code s[i, j]} (not its elements' fields) and returns the state, or null after reporting. */
    StateSymbol indexedState(ExpressionSyntax.Index x, Scope scope, Place place) {
        if (!(x.base() instanceof ExpressionSyntax.Name base)) {
            reporter.report(Codes.WRONG_KIND_OF_NAME, x.span(), "only state can be indexed");
            x.indices().forEach(i -> type(i, null, scope, place));
            return null;
        }
        String id = base.name().name();
        StateSymbol s = scope.lookup(id) == null ? symbols.states().get(id) : null;
        if (s == null) {
            x.indices().forEach(i -> type(i, null, scope, place));
            if (scope.lookup(id) != null || symbols.constants().containsKey(id)) {
                reporter.report(Codes.WRONG_KIND_OF_NAME, base.span(), "'" + id + "' is not indexed state");
            } else if (!typed.isQuiet(id)) {
                unknown(base.name(), "state", symbols.states().keySet());
            }
            return null;
        }
        typed.bindings.put(base, new Binding.ToState(s));
        return indices(s, x.indices(), x.span(), scope, place) ? s : null;
    }

    /** @return false if the count is wrong (reported); each index is typed and checked. */
    boolean indices(StateSymbol s, List<ExpressionSyntax> indices, Span span, Scope scope, Place place) {
        if (indices.size() != s.dimensions().size()) {
            reporter.report(
                    Codes.INDEX_COUNT,
                    span,
                    "'" + s.name() + "' has " + s.dimensions().size() + " dimension(s) but " + indices.size()
                            + " index(es) are given");
            indices.forEach(i -> type(i, null, scope, place));
            return false;
        }
        for (int k = 0; k < indices.size(); k++) {
            DomainSymbol d = s.dimensions().get(k);
            expect(indices.get(k), new ValueType.DomainType(d), scope, place, "an index of '" + s.name() + "'");
        }
        return true;
    }

    private ValueType field(ExpressionSyntax.Field f, Scope scope, Place place) {
        RecordSymbol record = recordElement(f.base(), scope, place);
        if (record == null) {
            return null;
        }
        RecordSymbol.Field field = record.field(f.field().name());
        if (field == null) {
            if (!typed.isQuiet(record.name() + "." + f.field().name())) {
                reporter.report(
                        Codes.UNKNOWN_FIELD,
                        f.field().span(),
                        "record " + record.name() + " has no field '" + f.field() + "'",
                        Suggestions.hint(
                                f.field().name(),
                                record.fields().stream()
                                        .map(RecordSymbol.Field::name)
                                        .toList()));
            }
            return null;
        }
        return field.type();
    }

    /** @return the record of a state element ({@code folio[f]}, or a scalar record state), or null after reporting. */
    private RecordSymbol recordElement(ExpressionSyntax base, Scope scope, Place place) {
        StateSymbol s = null;
        if (base instanceof ExpressionSyntax.Index x) {
            s = indexedState(x, scope, place);
        } else if (base instanceof ExpressionSyntax.Name n
                && scope.lookup(n.name().name()) == null
                && symbols.states().containsKey(n.name().name())) {
            s = symbols.states().get(n.name().name());
            if (!s.dimensions().isEmpty()) {
                reporter.report(
                        Codes.INDEX_COUNT,
                        n.span(),
                        "'" + s.name() + "' needs " + s.dimensions().size() + " index(es)");
                return null;
            }
            typed.bindings.put(n, new Binding.ToState(s));
        } else if (base instanceof ExpressionSyntax.Name n
                && scope.lookup(n.name().name()) != null
                && scope.lookup(n.name().name()).type() instanceof ValueType.RecordType r) {
            // A record-valued var or let: old.kind
            typed.bindings.put(n, new Binding.ToVar(scope.lookup(n.name().name())));
            typed.types.put(base, r);
            return r.decl();
        } else {
            ValueType t = type(base, null, scope, place);
            if (t != null) {
                reporter.report(
                        Codes.RECORD_MISUSE,
                        base.span(),
                        "'" + ExprText.render(base) + "' is a " + Types.describe(t) + ", not a record");
            }
            return null;
        }
        if (s == null) {
            return null;
        }
        if (!s.isRecord()) {
            reporter.report(
                    Codes.RECORD_MISUSE,
                    base.span(),
                    "'" + s.name() + "' holds " + Types.describe(s.type()) + ", not records");
            return null;
        }
        typed.types.put(base, s.type());
        return s.record();
    }

    private ValueType unary(ExpressionSyntax.Unary u, Scope scope, Place place) {
        if (u.op() == UnaryOp.NOT) {
            condition(u.operand(), scope, place);
            return new ValueType.BoolType();
        }
        ValueType t = type(u.operand(), null, scope, place);
        if (t == null) {
            return null;
        }
        if (!Types.numeric(t)) {
            reporter.report(Codes.TYPE_MISMATCH, u.span(), "'-' needs a number, not a " + Types.describe(t));
            return null;
        }
        return Types.range(-Types.high(t), -Types.low(t));
    }

    private ValueType quantified(ExpressionSyntax.Quantified q, Scope scope, Place place) {
        DomainSymbol d = typeRefs.domain(q.domain());
        Scope inner = scope.child();
        if (d != null) {
            VariableSymbol binder = new VariableSymbol(
                    q.binder().name(),
                    VariableSymbol.Kind.BINDER,
                    new ValueType.DomainType(d),
                    q.binder().span());
            typed.variables.put(q, binder);
            inner.declare(binder);
        }
        condition(q.body(), inner, place);
        if (q.quantifier() == Quantifier.COUNT) {
            return new ValueType.RangeType(0, d == null ? 0 : d.size());
        }
        if (q.quantifier() == Quantifier.CHOOSE) {
            return d == null ? null : new ValueType.OptionalType(d);
        }
        return new ValueType.BoolType();
    }

    /**
     * {@code t in fault}, {@code t in fault.map}: t must be a task, fault one of its operations, map one of fault's
     * steps.
     */
    private ValueType taskIn(ExpressionSyntax.TaskIn t, Scope scope, Place place) {
        expect(t.task(), new ValueType.DomainType(symbols.taskDomain()), scope, place, "the task of 'in'");
        dev.mmspec.generator.ast.Declaration.Op op = operation(t.operation());
        if (op != null
                && t.step() != null
                && op.steps().stream()
                        .noneMatch(s -> s.name().name().equals(t.step().name()))) {
            reporter.report(
                    Codes.UNKNOWN_STEP,
                    t.step().span(),
                    "operation '" + op.name() + "' has no step '" + t.step() + "'",
                    Suggestions.hint(
                            t.step().name(),
                            op.steps().stream().map(s -> s.name().name()).toList()));
        }
        return new ValueType.BoolType();
    }

    /**
     * {@code t.fault.a}: the parameter or local {@code a} of task t's operation fault; its type's default while t is
     * not inside fault.
     */
    private ValueType taskVariable(ExpressionSyntax.Field f, ExpressionSyntax.Field inner, Scope scope, Place place) {
        expect(
                inner.base(),
                new ValueType.DomainType(symbols.taskDomain()),
                scope,
                place,
                "the task whose variable is read");
        dev.mmspec.generator.ast.Declaration.Op op = operation(inner.field());
        if (op == null) {
            return null;
        }
        var declared = new ArrayList<>(op.parameters());
        declared.addAll(op.locals());
        for (var v : declared) {
            if (v.name().name().equals(f.field().name())) {
                VariableSymbol var = symbols.signature(v);
                if (var == null) {
                    return null; // its type was reported
                }
                if (var.type() instanceof ValueType.RecordType) {
                    reporter.report(
                            Codes.NOT_SCALAR,
                            f.field().span(),
                            "'" + op.name() + "." + v.name() + "' is a record;"
                                    + " another task's variable is read one scalar at a time",
                            "compare its fields in a let of the owning task");
                    return null;
                }
                typed.taskVariables.put(
                        f, new TypeAttribution.TaskVariable(op.name().name(), var));
                return var.type();
            }
        }
        reporter.report(
                Codes.UNKNOWN_NAME,
                f.field().span(),
                "operation '" + op.name() + "' has no parameter or var '" + f.field() + "'",
                Suggestions.hint(
                        f.field().name(),
                        declared.stream().map(v -> v.name().name()).toList()));
        return null;
    }

    private dev.mmspec.generator.ast.Declaration.Op operation(Ident name) {
        var op = symbols.operations().get(name.name());
        if (op == null) {
            unknown(name, "operation", symbols.operations().keySet());
        }
        return op;
    }

    /** Types the lock and index of {@code held(...)}, {@code trylock}, {@code lock} and {@code unlock}. */
    void lockUse(LockUse use, boolean indexRequired, Scope scope, Place place) {
        LockSymbol lock = symbols.locks().get(use.lock().name());
        if (lock == null) {
            if (use.index() != null) {
                type(use.index(), null, scope, place);
            }
            if (!typed.isQuiet(use.lock().name())) {
                unknown(use.lock(), "lock", symbols.locks().keySet());
            }
            return;
        }
        if (use.index() == null) {
            if (indexRequired && lock.domain() != null) {
                reporter.report(
                        Codes.INDEX_COUNT,
                        use.span(),
                        "lock '" + lock.name() + "' has one instance per "
                                + lock.domain().name() + "; name the instance",
                        "e.g. " + lock.name() + "[x]");
            }
            return;
        }
        if (lock.domain() == null) {
            reporter.report(
                    Codes.INDEX_COUNT,
                    use.index().span(),
                    "lock '" + lock.name() + "' is a single lock and takes no index");
            type(use.index(), null, scope, place);
            return;
        }
        expect(
                use.index(),
                new ValueType.DomainType(lock.domain()),
                scope,
                place,
                "the instance of lock '" + lock.name() + "'");
    }

    void unknown(Ident name, String kind, Iterable<String> known) {
        if (typed.isQuiet(name.name())) {
            return;
        }
        reporter.report(
                Codes.UNKNOWN_NAME,
                name.span(),
                "unknown " + kind + " '" + name + "'",
                Suggestions.hint(name.name(), known));
    }
}
