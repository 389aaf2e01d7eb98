package dev.mmspec.generator.resolve;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.check.Analysis;
import dev.mmspec.generator.check.Binding;
import dev.mmspec.generator.check.GuardRule;
import dev.mmspec.generator.check.LockSymbol;
import dev.mmspec.generator.check.StateSymbol;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Guard;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.StateVar;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IR's declaration objects that {@code resolve} builds itself from the frozen symbol table, each once, so that
 * every reference to a declaration is the same instance. So far the state variables, the locks, the fixes and the
 * guards; the other declarations (domains, enums, records, variables) are still created by the declaration checkers
 * (see docs/architecture.md).
 *
 * @param states every state variable by name, in file order
 * @param locks every lock by name, in file order
 * @param fixes every fix by name, in file order; a fix's index is its bit in a fix mask
 * @param guards the valid guards, in file order, naming the table's state variables and locks
 */
record Declarations(Map<String, StateVar> states, Map<String, Lock> locks, Map<String, Fix> fixes, List<Guard> guards) {
    Declarations {
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
        locks = Collections.unmodifiableMap(new LinkedHashMap<>(locks));
        fixes = Collections.unmodifiableMap(new LinkedHashMap<>(fixes));
        guards = List.copyOf(guards);
    }

    static Declarations of(Analysis analysis) {
        Map<String, StateVar> states = new LinkedHashMap<>();
        for (StateSymbol v : analysis.states().values()) {
            states.put(v.name(), new StateVar(v.name(), v.ghost(), v.dimensions(), v.type(), v.initial(), v.span()));
        }
        Map<String, Lock> locks = new LinkedHashMap<>();
        for (LockSymbol l : analysis.locks().values()) {
            locks.put(
                    l.name(),
                    new Lock(
                            l.name(),
                            l.kind(),
                            l.domain(),
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
                    g.fixedInstance()));
        }
        return new Declarations(states, locks, fixes, guards);
    }

    /** @return the state variable a name is bound to (the checkers bound it: resolve runs only on a checked spec). */
    StateVar state(Binding binding) {
        return states.get(((Binding.ToState) binding).state().name());
    }
}
