package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.StatementSyntax;
import dev.mmspec.generator.ast.Target;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The types concern for statements: walks {@code init}, every step and every invariant with its scopes, types what each
 * statement reads and writes through {@link ExpressionTyper}, and records outcomes in order of first use. It reads the
 * frozen {@link SymbolTable} and returns, with its two helpers, the {@link TypeAttribution} ({@link #result}).
 */
final class TypeChecker {
    private final Reporter reporter;
    private final SymbolTable symbols;
    private final TypeAttribution.Builder typed;
    private final ExpressionTyper typer;
    private final TypeRefs typeRefs;

    TypeChecker(
            Reporter reporter,
            SymbolTable symbols,
            TypeAttribution.Builder typed,
            ExpressionTyper typer,
            TypeRefs typeRefs) {
        this.reporter = reporter;
        this.symbols = symbols;
        this.typed = typed;
        this.typer = typer;
        this.typeRefs = typeRefs;
    }

    /** @return what the walks so far attributed, frozen: call once every declaration was checked. */
    TypeAttribution result() {
        return typed.freeze();
    }

    void checkInit(Declaration.Init init) {
        block(init.body(), Scope.root(), ExpressionTyper.Place.INIT, null);
    }

    void checkOperation(Declaration.Op op) {
        Scope scope = Scope.root();
        for (Declaration.Variable v : op.parameters()) {
            declareIfResolved(v, scope);
        }
        for (Declaration.Variable v : op.locals()) {
            declareIfResolved(v, scope);
        }
        for (Declaration.StepDecl step : op.steps()) {
            block(step.body(), scope, ExpressionTyper.Place.STEP, op);
        }
    }

    private void declareIfResolved(Declaration.Variable v, Scope scope) {
        VariableSymbol var = symbols.signature(v);
        if (var != null) {
            scope.declare(var);
        } else {
            typed.quiet.add(v.name().name()); // its type was reported; keep its uses quiet
        }
    }

    void checkInvariant(Declaration.Invariant invariant) {
        if (invariant.when() != null) {
            typer.condition(invariant.when(), Scope.root(), ExpressionTyper.Place.INVARIANT);
        }
        typer.condition(invariant.body(), Scope.root(), ExpressionTyper.Place.INVARIANT);
    }

    private void block(List<StatementSyntax> statements, Scope parent, ExpressionTyper.Place place, Declaration.Op op) {
        Scope scope = parent.child();
        for (StatementSyntax s : statements) {
            statement(s, scope, place, op);
        }
    }

    private void statement(StatementSyntax s, Scope scope, ExpressionTyper.Place place, Declaration.Op op) {
        if (place == ExpressionTyper.Place.INIT
                && (s instanceof StatementSyntax.Outcome || s instanceof StatementSyntax.Return)) {
            reporter.report(
                    Codes.MISPLACED_EXPRESSION,
                    s.span(),
                    "init runs no operation, so it cannot end one",
                    "use require or if to describe conditional initial state");
            return;
        }
        if (s instanceof StatementSyntax.Lock l) {
            typer.lockUse(l.lock(), true, scope, place);
        } else if (s instanceof StatementSyntax.Unlock u) {
            typer.lockUse(u.lock(), true, scope, place);
        } else if (s instanceof StatementSyntax.Require r) {
            typer.condition(r.condition(), scope, place);
        } else if (s instanceof StatementSyntax.Assert a) {
            typer.condition(a.condition(), scope, place);
        } else if (s instanceof StatementSyntax.If i) {
            typer.condition(i.condition(), scope, place);
            block(i.then(), scope, place, op);
            block(i.otherwise(), scope, place, op);
        } else if (s instanceof StatementSyntax.Assign a) {
            assign(a, scope, place);
        } else if (s instanceof StatementSyntax.AssignRecord a) {
            assignRecord(a, scope, place);
        } else if (s instanceof StatementSyntax.Let let) {
            let(let, scope, place);
        } else if (s instanceof StatementSyntax.Outcome o) {
            if (!typed.outcomes.contains(o.name().name())) {
                typed.outcomes.add(o.name().name());
            }
        } else if (s instanceof StatementSyntax.Goto g) {
            if (op == null) {
                reporter.report(Codes.UNKNOWN_STEP, g.span(), "goto is only allowed inside a step");
            } else if (op.steps().stream()
                    .noneMatch(step -> step.name().name().equals(g.target().name()))) {
                reporter.report(
                        Codes.UNKNOWN_STEP,
                        g.target().span(),
                        "operation '" + op.name() + "' has no step '" + g.target() + "'",
                        Suggestions.hint(
                                g.target().name(),
                                op.steps().stream().map(st -> st.name().name()).toList()));
            }
        } else if (s instanceof StatementSyntax.For f) {
            Scope inner = binder(s, f.binder(), f.domain(), scope);
            if (f.where() != null) {
                typer.condition(f.where(), inner, place);
            }
            block(f.body(), inner, place, op);
        } else if (s instanceof StatementSyntax.Choose c) {
            Scope inner = binder(s, c.binder(), c.domain(), scope);
            if (c.where() != null) {
                typer.condition(c.where(), inner, place);
            }
            block(c.then(), inner, place, op);
            block(c.otherwise(), scope, place, op);
        } else if (!(s instanceof StatementSyntax.Return)) {
            throw new AssertionError(s);
        }
    }

    private Scope binder(
            StatementSyntax s,
            dev.mmspec.generator.ast.Ident name,
            dev.mmspec.generator.ast.Ident domain,
            Scope scope) {
        Scope inner = scope.child();
        DomainSymbol d = typeRefs.domain(domain);
        if (d != null) {
            checkShadowing(name, scope);
            VariableSymbol binder = new VariableSymbol(
                    name.name(), VariableSymbol.Kind.BINDER, new ValueType.DomainType(d), name.span());
            typed.variables.put(s, binder);
            inner.declare(binder);
        } else {
            typed.quiet.add(name.name());
        }
        return inner;
    }

    private void let(StatementSyntax.Let let, Scope scope, ExpressionTyper.Place place) {
        ValueType type = typeRefs.resolve(let.type(), true);
        typer.expect(let.value(), type, scope, place, "'" + let.name() + "'");
        if (type == null) {
            typed.quiet.add(let.name().name());
            return;
        }
        checkShadowing(let.name(), scope);
        VariableSymbol var = new VariableSymbol(
                let.name().name(), VariableSymbol.Kind.LET, type, let.name().span());
        typed.variables.put(let, var);
        scope.declare(var);
    }

    /** A name that hides another variable reads like the other one; refuse it. */
    private void checkShadowing(dev.mmspec.generator.ast.Ident name, Scope scope) {
        if (scope.lookup(name.name()) != null) {
            reporter.report(
                    Codes.DUPLICATE_NAME,
                    name.span(),
                    "'" + name + "' is already a variable here",
                    "choose another name");
        }
    }

    private void assign(StatementSyntax.Assign a, Scope scope, ExpressionTyper.Place place) {
        Resolved target = target(a.target(), scope, place);
        if (target != null && target.record != null && typer.wholeRecord(a.value(), scope) != null) {
            // pte[a] := old, v := pte[a]: every field at once
            typer.expect(
                    a.value(), new ValueType.RecordType(target.record), scope, place, "'" + describe(a.target()) + "'");
            return;
        }
        if (target != null && target.record != null) {
            reporter.report(
                    Codes.RECORD_MISUSE,
                    a.target().span(),
                    "'" + a.target().name() + "' elements are records",
                    "assign one field, or a record literal: " + a.target().name() + "[...] := { field: value }");
            typer.type(a.value(), null, scope, place);
            return;
        }
        typer.expect(a.value(), target == null ? null : target.type, scope, place, "'" + describe(a.target()) + "'");
    }

    private void assignRecord(StatementSyntax.AssignRecord a, Scope scope, ExpressionTyper.Place place) {
        Resolved target = target(a.target(), scope, place);
        RecordSymbol record = target == null ? null : target.record;
        if (target != null && record == null) {
            reporter.report(
                    Codes.RECORD_MISUSE,
                    a.target().span(),
                    "a record literal needs a whole record element, not '" + describe(a.target()) + "'");
        }
        Set<String> seen = new HashSet<>();
        for (StatementSyntax.FieldInit init : a.fields()) {
            RecordSymbol.Field field =
                    record == null ? null : record.field(init.name().name());
            if (record != null
                    && field == null
                    && !typed.isQuiet(record.name() + "." + init.name().name())) {
                reporter.report(
                        Codes.UNKNOWN_FIELD,
                        init.name().span(),
                        "record " + record.name() + " has no field '" + init.name() + "'",
                        Suggestions.hint(
                                init.name().name(),
                                record.fields().stream()
                                        .map(RecordSymbol.Field::name)
                                        .toList()));
            }
            if (!seen.add(init.name().name())) {
                reporter.report(Codes.DUPLICATE_NAME, init.name().span(), "field '" + init.name() + "' is given twice");
            }
            typer.expect(
                    init.value(), field == null ? null : field.type(), scope, place, "field '" + init.name() + "'");
        }
    }

    /** The type of a target: a scalar type, or (whole element) a record. */
    private record Resolved(ValueType type, RecordSymbol record) {}

    private Resolved target(Target t, Scope scope, ExpressionTyper.Place place) {
        String id = t.name().name();
        VariableSymbol v = scope.lookup(id);
        if (v != null) {
            if (v.kind() != VariableSymbol.Kind.LOCAL) {
                reporter.report(
                        Codes.NOT_ASSIGNABLE,
                        t.name().span(),
                        "cannot assign to " + kindName(v.kind()) + " '" + id + "'",
                        "only state and operation-local 'var's can be assigned");
                return null;
            }
            if (!t.indices().isEmpty() || t.field() != null) {
                reporter.report(
                        Codes.WRONG_KIND_OF_NAME, t.span(), "'" + id + "' is a variable, neither indexed nor a record");
                return null;
            }
            typed.bindings.put(t, new Binding.ToVar(v));
            return v.type() instanceof ValueType.RecordType r
                    ? new Resolved(null, r.decl())
                    : new Resolved(v.type(), null);
        }
        StateSymbol s = symbols.states().get(id);
        if (s == null) {
            t.indices().forEach(i -> typer.type(i, null, scope, place));
            if (symbols.constants().containsKey(id)) {
                reporter.report(Codes.NOT_ASSIGNABLE, t.name().span(), "cannot assign to constant '" + id + "'");
            } else if (!typed.isQuiet(id)) {
                typer.unknown(t.name(), "state or variable", symbols.states().keySet());
            }
            return null;
        }
        typed.bindings.put(t, new Binding.ToState(s));
        if (!typer.indices(s, t.indices(), t.span(), scope, place)) {
            return null;
        }
        if (t.field() == null) {
            return s.isRecord() ? new Resolved(null, s.record()) : new Resolved(s.type(), null);
        }
        if (!s.isRecord()) {
            reporter.report(
                    Codes.RECORD_MISUSE,
                    t.field().span(),
                    "'" + id + "' holds " + Types.describe(s.type()) + ", not records");
            return null;
        }
        RecordSymbol.Field field = s.record().field(t.field().name());
        if (field == null) {
            if (!typed.isQuiet(s.record().name() + "." + t.field().name())) {
                reporter.report(
                        Codes.UNKNOWN_FIELD,
                        t.field().span(),
                        "record " + s.record().name() + " has no field '" + t.field() + "'",
                        Suggestions.hint(
                                t.field().name(),
                                s.record().fields().stream()
                                        .map(RecordSymbol.Field::name)
                                        .toList()));
            }
            return null;
        }
        return new Resolved(field.type(), null);
    }

    private static String kindName(VariableSymbol.Kind kind) {
        return switch (kind) {
            case PARAM -> "parameter";
            case LOCAL -> "variable";
            case LET -> "let";
            case BINDER -> "bound variable";
        };
    }

    static String describe(Target t) {
        StringBuilder text = new StringBuilder(t.name().name());
        if (!t.indices().isEmpty()) {
            text.append('[')
                    .append(String.join(
                            ", ", t.indices().stream().map(ExprText::render).toList()))
                    .append(']');
        }
        if (t.field() != null) {
            text.append('.').append(t.field().name());
        }
        return text.toString();
    }
}
