package dev.mmspec.generator.resolve;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.check.Analysis;
import dev.mmspec.generator.check.Binding;
import dev.mmspec.generator.check.DomainSymbol;
import dev.mmspec.generator.check.EnumSymbol;
import dev.mmspec.generator.check.GuardRule;
import dev.mmspec.generator.check.LockSymbol;
import dev.mmspec.generator.check.RecordSymbol;
import dev.mmspec.generator.check.StateSymbol;
import dev.mmspec.generator.check.ValueType;
import dev.mmspec.generator.check.VariableSymbol;
import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.EnumDecl;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Guard;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IR's declaration objects, built by {@code resolve} itself from the checkers' frozen symbols, each once, so that
 * every reference to a declaration is the same instance: the domains, enums and records, the state variables, the
 * locks, the fixes, the guards, and the variables (parameters, locals, lets, binders). The checkers hold no IR object;
 * only this class turns their symbols and {@link ValueType}s into the IR's.
 *
 * @param domains every domain by name, in file order, the built-in task domain (if any) included
 * @param taskDomain the built-in task domain, or null
 * @param enums every enum by name, in file order
 * @param records every record by its symbol, the inline records of state declarations included, in file order
 * @param states every state variable by name, in file order
 * @param locks every lock by name, in file order
 * @param fixes every fix by name, in file order; a fix's index is its bit in a fix mask
 * @param guards the valid guards, in file order, naming the table's state variables and locks
 * @param variables the IR variable of every variable symbol the checkers declared, by identity
 */
record Declarations(
        Map<String, Domain> domains,
        Domain taskDomain,
        Map<String, EnumDecl> enums,
        Map<RecordSymbol, RecordDecl> records,
        Map<String, StateVar> states,
        Map<String, Lock> locks,
        Map<String, Fix> fixes,
        List<Guard> guards,
        Map<VariableSymbol, Var> variables) {
    Declarations {
        domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
        enums = Collections.unmodifiableMap(new LinkedHashMap<>(enums));
        records = Collections.unmodifiableMap(new LinkedHashMap<>(records));
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
        locks = Collections.unmodifiableMap(new LinkedHashMap<>(locks));
        fixes = Collections.unmodifiableMap(new LinkedHashMap<>(fixes));
        guards = List.copyOf(guards);
        variables = Collections.unmodifiableMap(new IdentityHashMap<>(variables));
    }

    static Declarations of(Analysis analysis) {
        Map<String, Domain> domains = new LinkedHashMap<>();
        for (DomainSymbol d : analysis.domains().values()) {
            domains.put(d.name(), new Domain(d.name(), d.low(), d.high(), d.span()));
        }
        Domain taskDomain = analysis.taskDomain() == null
                ? null
                : domains.get(analysis.taskDomain().name());
        Map<String, EnumDecl> enums = new LinkedHashMap<>();
        for (EnumSymbol e : analysis.enums().values()) {
            enums.put(e.name(), new EnumDecl(e.name(), e.literals(), e.span()));
        }
        // A record's fields are scalars, so their types need only the domains and enums built above.
        Map<RecordSymbol, RecordDecl> records = new LinkedHashMap<>();
        for (RecordSymbol r : analysis.records()) {
            List<RecordDecl.Field> fields = r.fields().stream()
                    .map(f -> new RecordDecl.Field(
                            f.name(), type(f.type(), domains, enums, records), f.initial(), f.span()))
                    .toList();
            records.put(r, new RecordDecl(r.name(), fields, r.span()));
        }
        Map<String, StateVar> states = new LinkedHashMap<>();
        for (StateSymbol v : analysis.states().values()) {
            List<Domain> dimensions =
                    v.dimensions().stream().map(d -> domains.get(d.name())).toList();
            Type type = type(v.type(), domains, enums, records);
            states.put(v.name(), new StateVar(v.name(), v.ghost(), dimensions, type, v.initial(), v.span()));
        }
        Map<String, Lock> locks = new LinkedHashMap<>();
        for (LockSymbol l : analysis.locks().values()) {
            locks.put(
                    l.name(),
                    new Lock(
                            l.name(),
                            l.kind(),
                            l.domain() == null ? null : domains.get(l.domain().name()),
                            l.granularity(),
                            l.rank(),
                            l.after(),
                            l.orderedByIndex(),
                            l.span()));
        }
        Map<String, Fix> fixes = new LinkedHashMap<>();
        for (Declaration.Fix f : analysis.fixes().values()) {
            fixes.put(f.name().name(), new Fix(f.name().name(), f.source(), fixes.size(), f.span()));
        }
        List<Guard> guards = new ArrayList<>();
        for (GuardRule g : analysis.guards()) {
            guards.add(new Guard(
                    states.get(g.state()),
                    g.field(),
                    locks.get(g.lock()),
                    g.lockIndexDimension(),
                    g.mode(),
                    g.span(),
                    g.hasFixedInstance() ? g.fixedInstance() : Guard.NO_FIXED_INSTANCE));
        }
        Map<VariableSymbol, Var> variables = new IdentityHashMap<>();
        for (VariableSymbol v : analysis.variableSymbols()) {
            variables.put(v, new Var(v.name(), kind(v.kind()), type(v.type(), domains, enums, records), v.span()));
        }
        return new Declarations(domains, taskDomain, enums, records, states, locks, fixes, guards, variables);
    }

    private static Var.Kind kind(VariableSymbol.Kind kind) {
        return switch (kind) {
            case PARAM -> Var.Kind.PARAM;
            case LOCAL -> Var.Kind.LOCAL;
            case LET -> Var.Kind.LET;
            case BINDER -> Var.Kind.BINDER;
        };
    }

    /** @return the IR type of a checker's type, naming the given declarations (every name in it was declared). */
    private static Type type(
            ValueType type,
            Map<String, Domain> domains,
            Map<String, EnumDecl> enums,
            Map<RecordSymbol, RecordDecl> records) {
        if (type instanceof ValueType.BoolType) {
            return new Type.BoolType();
        } else if (type instanceof ValueType.RangeType r) {
            return new Type.RangeType(r.low(), r.high());
        } else if (type instanceof ValueType.DomainType d) {
            return new Type.DomainType(domains.get(d.domain().name()));
        } else if (type instanceof ValueType.OptionalType o) {
            return new Type.OptionalType(domains.get(o.domain().name()));
        } else if (type instanceof ValueType.EnumType e) {
            return new Type.EnumType(enums.get(e.decl().name()));
        } else if (type instanceof ValueType.RecordType r) {
            return new Type.RecordType(records.get(r.decl()));
        } else if (type instanceof ValueType.NoneType) {
            return new Type.NoneType();
        }
        throw new AssertionError("a type resolve does not know: " + type);
    }

    /** @return the IR type of a checker's type, naming this object's declarations. */
    Type type(ValueType type) {
        return type(type, domains, enums, records);
    }

    /** @return the state variable a name is bound to (the checkers bound it: resolve runs only on a checked spec). */
    StateVar state(Binding binding) {
        return states.get(((Binding.ToState) binding).state().name());
    }

    /** @return the IR variable of a variable symbol (every one the checkers declared was built). */
    Var variable(VariableSymbol symbol) {
        Var v = variables.get(symbol);
        if (v == null) {
            throw new AssertionError("a variable the checkers did not declare: " + symbol);
        }
        return v;
    }

    Domain domain(DomainSymbol symbol) {
        return domains.get(symbol.name());
    }

    EnumDecl enumDecl(EnumSymbol symbol) {
        return enums.get(symbol.name());
    }
}
