package dev.mmspec.lsp;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.FieldDecl;
import dev.mmspec.generator.ast.Ident;
import dev.mmspec.generator.ast.LockUse;
import dev.mmspec.generator.ast.Node;
import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.ast.StatementSyntax;
import dev.mmspec.generator.ast.Target;
import dev.mmspec.generator.ast.TypeRef;
import dev.mmspec.generator.check.Analysis;
import dev.mmspec.generator.check.Binding;
import dev.mmspec.generator.check.VariableSymbol;
import dev.mmspec.generator.check.Walk;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link SymbolIndex} of one parsed spec in two passes: the declarations first (a task names operations
 * declared below it), then every use. A name the checker bound ({@code f} a local, {@code pte} a state) is taken from
 * its binding; names the checker never binds (locks, fixes, steps, invariants) are looked up by kind, which the syntax
 * already fixes: what follows {@code lock} is a lock.
 */
final class IndexBuilder {
    private final SpecFile ast;
    private final Analysis analysis;
    private final List<Symbol> declared = new ArrayList<>();
    private final List<Occurrence> occurrences = new ArrayList<>();
    private final Map<String, Symbol> byKey = new LinkedHashMap<>();
    private final Map<VariableSymbol, Symbol> variables = new IdentityHashMap<>();

    /** @param analysis the checkers' bindings, or null when the checker did not finish */
    IndexBuilder(SpecFile ast, Analysis analysis) {
        this.ast = ast;
        this.analysis = analysis;
    }

    SymbolIndex build() {
        for (Declaration d : ast.declarations()) {
            declare(d);
        }
        for (Declaration d : ast.declarations()) {
            uses(d);
        }
        return new SymbolIndex(declared, occurrences);
    }

    // ---- pass 1: declarations

    private void declare(Declaration d) {
        if (d instanceof Declaration.Const c) {
            declare(Symbol.Kind.CONST, c.name(), "", c);
        } else if (d instanceof Declaration.Domain x) {
            declare(Symbol.Kind.DOMAIN, x.name(), "", x);
        } else if (d instanceof Declaration.Enum e) {
            declare(Symbol.Kind.ENUM, e.name(), "", e);
            e.literals()
                    .forEach(l -> declare(Symbol.Kind.ENUM_LITERAL, l, e.name().name(), l));
        } else if (d instanceof Declaration.Record r) {
            declare(Symbol.Kind.RECORD, r.name(), "", r);
        } else if (d instanceof Declaration.State s) {
            declare(Symbol.Kind.STATE, s.name(), "", s);
        } else if (d instanceof Declaration.Task t) {
            declare(Symbol.Kind.TASK, t.name(), "", t);
        } else if (d instanceof Declaration.Lock l) {
            declare(Symbol.Kind.LOCK, l.name(), "", l);
        } else if (d instanceof Declaration.Fix f) {
            declare(Symbol.Kind.FIX, f.name(), "", f);
        } else if (d instanceof Declaration.Op op) {
            declare(Symbol.Kind.OPERATION, op.name(), "", op);
            op.steps()
                    .forEach(s -> declare(Symbol.Kind.STEP, s.name(), op.name().name(), s));
        } else if (d instanceof Declaration.Invariant i) {
            declare(Symbol.Kind.INVARIANT, i.name(), "", i);
        } else if (d instanceof Declaration.Scenario s) {
            declare(Symbol.Kind.SCENARIO, s.name(), "", s);
        }
        // order, guard, init, expect and symmetry declare nothing: they only use names.
    }

    private void declare(Symbol.Kind kind, Ident name, String container, Node declaration) {
        String key = key(kind, container, name.name());
        if (byKey.containsKey(key)) {
            return; // declared twice: the checker reports it; the first stays the definition
        }
        Symbol symbol = new Symbol(kind, name.name(), container, name.span(), declaration.span());
        byKey.put(key, symbol);
        declared.add(symbol);
        occurrences.add(new Occurrence(name.span(), symbol, true));
    }

    private static String key(Symbol.Kind kind, String container, String name) {
        return kind + ":" + container + ":" + name;
    }

    // ---- pass 2: uses

    private void uses(Declaration d) {
        if (d instanceof Declaration.Const c) {
            expression(c.value(), "");
        } else if (d instanceof Declaration.Domain x) {
            expression(x.low(), "");
            expression(x.high(), "");
        } else if (d instanceof Declaration.Record r) {
            r.fields().forEach(f -> type(f.type()));
        } else if (d instanceof Declaration.State s) {
            s.dimensions().forEach(dim -> use(Symbol.Kind.DOMAIN, "", dim));
            type(s.type());
            expression(s.initial(), "");
        } else if (d instanceof Declaration.Task t) {
            expression(t.count(), "");
            t.operations().forEach(op -> use(Symbol.Kind.OPERATION, "", op));
        } else if (d instanceof Declaration.Lock l) {
            use(Symbol.Kind.DOMAIN, "", l.domain());
        } else if (d instanceof Declaration.Order o) {
            o.locks().forEach(l -> use(Symbol.Kind.LOCK, "", l));
        } else if (d instanceof Declaration.Guard g) {
            use(Symbol.Kind.STATE, "", g.state());
            use(Symbol.Kind.LOCK, "", g.lock());
        } else if (d instanceof Declaration.Init init) {
            statements(init.body(), "");
        } else if (d instanceof Declaration.Op op) {
            String name = op.name().name();
            for (Declaration.Variable v : op.parameters()) {
                variable(v, v.name(), name);
                type(v.type());
            }
            for (Declaration.Variable v : op.locals()) {
                variable(v, v.name(), name);
                type(v.type());
            }
            op.steps().forEach(s -> statements(s.body(), name));
        } else if (d instanceof Declaration.Invariant i) {
            expression(i.when(), "");
            expression(i.body(), "");
        } else if (d instanceof Declaration.Scenario s) {
            s.fixesOff().forEach(f -> use(Symbol.Kind.FIX, "", f));
            for (Declaration.ScenarioEntry e : s.entries()) {
                use(Symbol.Kind.TASK, "", e.task());
                use(Symbol.Kind.OPERATION, "", e.operation());
                use(Symbol.Kind.STEP, e.operation().name(), e.step());
                e.arguments().forEach(a -> expression(a, ""));
            }
            if (s.expected() != null && s.expected().kind() == dev.mmspec.generator.lang.ExpectedResult.VIOLATES) {
                use(Symbol.Kind.INVARIANT, "", s.expected().name());
            }
        } else if (d instanceof Declaration.Expect e) {
            use(Symbol.Kind.FIX, "", e.fix());
            use(Symbol.Kind.INVARIANT, "", e.invariant());
        } else if (d instanceof Declaration.Symmetry s) {
            use(Symbol.Kind.TASK, "", s.group());
        }
    }

    /** A use of a name whose kind the syntax fixes; an undeclared name (the checker reports it) is skipped. */
    private void use(Symbol.Kind kind, String container, Ident name) {
        if (name == null) {
            return;
        }
        Symbol symbol = byKey.get(key(kind, container, name.name()));
        if (symbol != null) {
            occurrences.add(new Occurrence(name.span(), symbol, false));
        }
    }

    /** A use of a top-level name that may be one of several kinds: the first declared one. */
    private void useFirst(Ident name, Symbol.Kind... kinds) {
        for (Symbol.Kind kind : kinds) {
            if (byKey.containsKey(key(kind, "", name.name()))) {
                use(kind, "", name);
                return;
            }
        }
    }

    private void variable(Node declaration, Ident name, String operation) {
        VariableSymbol var = analysis == null ? null : analysis.variable(declaration);
        if (var == null || variables.containsKey(var)) {
            return;
        }
        Symbol symbol = new Symbol(Symbol.Kind.VARIABLE, name.name(), operation, name.span(), declaration.span());
        variables.put(var, symbol);
        occurrences.add(new Occurrence(name.span(), symbol, true));
    }

    private void type(TypeRef type) {
        if (type instanceof TypeRef.Optional o) {
            use(Symbol.Kind.DOMAIN, "", o.domain());
        } else if (type instanceof TypeRef.Named n) {
            useFirst(n.name(), Symbol.Kind.DOMAIN, Symbol.Kind.ENUM, Symbol.Kind.RECORD);
        } else if (type instanceof TypeRef.Range r) {
            expression(r.low(), "");
            expression(r.high(), "");
        } else if (type instanceof TypeRef.InlineRecord r) {
            for (FieldDecl f : r.fields()) {
                type(f.type());
            }
        }
    }

    private void statements(List<StatementSyntax> body, String operation) {
        body.forEach(s -> statement(s, operation));
    }

    private void statement(StatementSyntax s, String operation) {
        if (s instanceof StatementSyntax.Lock l) {
            lock(l.lock(), operation);
        } else if (s instanceof StatementSyntax.Unlock u) {
            lock(u.lock(), operation);
        } else if (s instanceof StatementSyntax.Require r) {
            expression(r.condition(), operation);
        } else if (s instanceof StatementSyntax.Assert a) {
            expression(a.condition(), operation);
        } else if (s instanceof StatementSyntax.If i) {
            expression(i.condition(), operation);
            statements(i.then(), operation);
            statements(i.otherwise(), operation);
        } else if (s instanceof StatementSyntax.Assign a) {
            target(a.target(), operation);
            expression(a.value(), operation);
        } else if (s instanceof StatementSyntax.AssignRecord a) {
            target(a.target(), operation);
            a.fields().forEach(f -> expression(f.value(), operation));
        } else if (s instanceof StatementSyntax.Let l) {
            expression(l.value(), operation);
            variable(l, l.name(), operation);
            type(l.type());
        } else if (s instanceof StatementSyntax.Goto g) {
            use(Symbol.Kind.STEP, operation, g.target());
        } else if (s instanceof StatementSyntax.For f) {
            use(Symbol.Kind.DOMAIN, "", f.domain());
            variable(f, f.binder(), operation);
            expression(f.where(), operation);
            statements(f.body(), operation);
        } else if (s instanceof StatementSyntax.Choose c) {
            use(Symbol.Kind.DOMAIN, "", c.domain());
            variable(c, c.binder(), operation);
            expression(c.where(), operation);
            statements(c.then(), operation);
            statements(c.otherwise(), operation);
        }
        // return and outcome name nothing declared
    }

    private void target(Target t, String operation) {
        bound(t, t.name());
        t.indices().forEach(i -> expression(i, operation));
    }

    private void lock(LockUse use, String operation) {
        use(Symbol.Kind.LOCK, "", use.lock());
        expression(use.index(), operation);
    }

    private void expression(ExpressionSyntax root, String operation) {
        if (root == null) {
            return;
        }
        // Parents first: a quantifier declares its variable before its body uses it.
        Walk.expression(root, e -> {
            if (e instanceof ExpressionSyntax.Name n) {
                bound(n, n.name());
            } else if (e instanceof ExpressionSyntax.Quantified q) {
                use(Symbol.Kind.DOMAIN, "", q.domain());
                variable(q, q.binder(), operation);
            } else if (e instanceof ExpressionSyntax.Fixed f) {
                use(Symbol.Kind.FIX, "", f.fix());
            } else if (e instanceof ExpressionSyntax.Held h) {
                use(Symbol.Kind.LOCK, "", h.lock().lock());
            } else if (e instanceof ExpressionSyntax.TryLock t) {
                use(Symbol.Kind.LOCK, "", t.lock().lock());
            } else if (e instanceof ExpressionSyntax.TaskIn t && t.operation() != null) {
                use(Symbol.Kind.OPERATION, "", t.operation());
                use(Symbol.Kind.STEP, t.operation().name(), t.step());
            }
            // the rest (literals, operators, indices, fields) name nothing declared or only contain names
        });
    }

    /** A name in an expression or an assignment target: what the checker bound it to, else a state or constant. */
    private void bound(Node node, Ident name) {
        Binding binding = analysis == null ? null : analysis.binding(node);
        if (binding instanceof Binding.ToVar v) {
            Symbol symbol = variables.get(v.variable());
            if (symbol != null) {
                occurrences.add(new Occurrence(name.span(), symbol, false));
            }
        } else if (binding instanceof Binding.ToEnumLiteral l) {
            use(Symbol.Kind.ENUM_LITERAL, l.decl().name(), name);
        } else if (binding instanceof Binding.ToConst) {
            use(Symbol.Kind.CONST, "", name);
        } else {
            // bound to a state, or left unbound by an error elsewhere in the expression
            useFirst(name, Symbol.Kind.STATE, Symbol.Kind.CONST);
        }
    }
}
