package dev.mmspec.generator.resolve;

import dev.mmspec.generator.ast.Node;
import dev.mmspec.generator.ast.StatementSyntax;
import dev.mmspec.generator.ast.Target;
import dev.mmspec.generator.check.Analysis;
import dev.mmspec.generator.check.Binding;
import dev.mmspec.generator.check.ValueType;
import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.LValue;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.Step;
import dev.mmspec.generator.ir.Stmt;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.LockMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lowers checked statements to IR statements. Record literals get every field, the unnamed ones as literals of their
 * declared defaults; an rwsem unlock gets the mode the lock checker saw it taken with.
 */
final class StmtResolver {
    private final Analysis analysis;
    private final Declarations declarations;
    private final ExprResolver exprs;
    private final RecordValues records;
    /** Goto targets of the operation being lowered, by step name. */
    private Map<String, Step> stepHeads = Map.of();

    StmtResolver(Analysis analysis, Declarations declarations, ExprResolver exprs, RecordValues records) {
        this.analysis = analysis;
        this.declarations = declarations;
        this.exprs = exprs;
        this.records = records;
    }

    /**
     * @param heads the operation's steps with empty bodies: a goto names its target by these, because a step's body
     *     cannot contain the step itself (gotos may form loops)
     */
    void enterOperation(Map<String, Step> heads) {
        this.stepHeads = heads;
    }

    List<Stmt> all(List<StatementSyntax> statements) {
        List<Stmt> out = new ArrayList<>(statements.size());
        for (StatementSyntax s : statements) {
            List<Stmt> expanded = wholeRecord(s);
            if (expanded != null) {
                out.addAll(expanded);
            } else {
                out.add(resolve(s));
            }
        }
        return out;
    }

    /**
     * @return the per-field statements of a let, assignment or record literal of a whole record variable, or of a state
     *     element given a whole record ({@code pte[a] := old}); null for every other statement
     */
    private List<Stmt> wholeRecord(StatementSyntax s) {
        if (s instanceof StatementSyntax.Let l && RecordValues.isRecord(variable(l))) {
            List<Var> fields = records.fieldsOf(variable(l));
            List<Expr> values = exprs.fields(l.value());
            List<Stmt> out = new ArrayList<>();
            for (int k = 0; k < fields.size(); k++) {
                out.add(new Stmt.Let(fields.get(k), values.get(k), s.span()));
            }
            return out;
        }
        Target target = s instanceof StatementSyntax.Assign a
                ? a.target()
                : s instanceof StatementSyntax.AssignRecord a ? a.target() : null;
        if (target == null) {
            return null;
        }
        if (analysis.binding(target) instanceof Binding.ToVar v
                && RecordValues.isRecord(declarations.variable(v.variable()))) {
            List<Var> fields = records.fieldsOf(declarations.variable(v.variable()));
            List<Expr> values = s instanceof StatementSyntax.Assign a
                    ? exprs.fields(a.value())
                    : literalValues(
                            RecordValues.record(declarations.variable(v.variable())), (StatementSyntax.AssignRecord) s);
            List<Stmt> out = new ArrayList<>();
            for (int k = 0; k < fields.size(); k++) {
                out.add(new Stmt.Assign(new LValue.LocalTarget(fields.get(k), target.span()), values.get(k), s.span()));
            }
            return out;
        }
        if (s instanceof StatementSyntax.Assign a && analysis.type(a.value()) instanceof ValueType.RecordType) {
            return List.of(new Stmt.AssignRecord(stateTarget(target), exprs.fields(a.value()), s.span()));
        }
        return null;
    }

    private Stmt resolve(StatementSyntax s) {
        Span span = s.span();
        if (s instanceof StatementSyntax.Lock l) {
            return new Stmt.LockStmt(exprs.lockRef(l.lock(), l.lock().access()), span);
        }
        if (s instanceof StatementSyntax.Unlock u) {
            LockMode mode = analysis.unlockMode(u);
            return new Stmt.UnlockStmt(
                    exprs.lockRef(u.lock(), mode != null ? mode : u.lock().access()), span);
        }
        if (s instanceof StatementSyntax.Require r) {
            return new Stmt.Require(exprs.resolve(r.condition()), span);
        }
        if (s instanceof StatementSyntax.Assert a) {
            return new Stmt.Assert(exprs.resolve(a.condition()), a.message(), span);
        }
        if (s instanceof StatementSyntax.If i) {
            return new Stmt.If(exprs.resolve(i.condition()), all(i.then()), all(i.otherwise()), span);
        }
        if (s instanceof StatementSyntax.Assign a) {
            return new Stmt.Assign(target(a.target()), exprs.resolve(a.value()), span);
        }
        if (s instanceof StatementSyntax.AssignRecord a) {
            return assignRecord(a);
        }
        if (s instanceof StatementSyntax.Let l) {
            return new Stmt.Let(variable(l), exprs.resolve(l.value()), span);
        }
        if (s instanceof StatementSyntax.Return) {
            return new Stmt.Return(span);
        }
        if (s instanceof StatementSyntax.Outcome o) {
            return new Stmt.Outcome(
                    o.name().name(), analysis.outcomes().indexOf(o.name().name()) + 1, span);
        }
        if (s instanceof StatementSyntax.Goto g) {
            return new Stmt.Goto(stepHeads.get(g.target().name()), g.target().name(), span);
        }
        if (s instanceof StatementSyntax.For f) {
            Var binder = variable(f);
            return new Stmt.For(binder, domain(binder), exprs.resolve(f.where()), all(f.body()), span);
        }
        if (s instanceof StatementSyntax.Choose c) {
            Var binder = variable(c);
            return new Stmt.Choose(
                    binder,
                    domain(binder),
                    exprs.resolve(c.where()),
                    all(c.then()),
                    all(c.otherwise()),
                    c.alloc(),
                    span);
        }
        throw new AssertionError(s);
    }

    /** @return the IR variable a let, binder or quantifier declares. */
    private Var variable(Node declaration) {
        return declarations.variable(analysis.variable(declaration));
    }

    private static dev.mmspec.generator.ir.Domain domain(Var binder) {
        return ((Type.DomainType) binder.type()).domain();
    }

    private LValue target(Target t) {
        Binding binding = analysis.binding(t);
        if (binding instanceof Binding.ToVar v) {
            return new LValue.LocalTarget(declarations.variable(v.variable()), t.span());
        }
        return stateTarget(t);
    }

    private LValue.StateTarget stateTarget(Target t) {
        var state = declarations.state(analysis.binding(t));
        return new LValue.StateTarget(
                state,
                exprs.all(t.indices()),
                t.field() == null ? null : t.field().name(),
                t.span());
    }

    private Stmt assignRecord(StatementSyntax.AssignRecord a) {
        LValue.StateTarget target = stateTarget(a.target());
        return new Stmt.AssignRecord(target, literalValues(target.state().record(), a), a.span());
    }

    /** One value per field of a record literal, the unnamed fields' defaults included. */
    private List<Expr> literalValues(RecordDecl record, StatementSyntax.AssignRecord a) {
        List<Expr> values = new ArrayList<>();
        for (RecordDecl.Field field : record.fields()) {
            StatementSyntax.FieldInit given = a.fields().stream()
                    .filter(f -> f.name().name().equals(field.name()))
                    .findFirst()
                    .orElse(null);
            values.add(given != null ? exprs.resolve(given.value()) : defaultLiteral(field, a.span()));
        }
        return values;
    }

    /** The literal of a field's declared default; it carries the record literal's span. */
    static Expr defaultLiteral(RecordDecl.Field field, Span span) {
        Type type = field.type();
        if (type instanceof Type.BoolType) {
            return new Expr.BoolLit(field.initial() != 0, span);
        }
        if (type instanceof Type.EnumType e) {
            return new Expr.EnumLit(e.decl(), field.initial(), span);
        }
        if (type instanceof Type.OptionalType && field.initial() == -1) {
            return new Expr.NoneLit(type, span);
        }
        return new Expr.IntLit(field.initial(), type, span);
    }
}
