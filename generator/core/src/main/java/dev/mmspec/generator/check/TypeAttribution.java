package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the types concern ({@link TypeChecker}, with {@link ExpressionTyper} and {@link BinaryTyper}) learned about the
 * bodies of {@code init}, the steps and the invariants: the type of every expression, the binding of every name, the
 * variable each let, binder and quantifier declares. AST nodes are keys by identity. Every collection is unmodifiable.
 *
 * @param domainSteps {@code d + k}, {@code d - k} of a domain value and a constant: usable as a value of the domain
 * @param taskVariables {@code t.fault.a}: which operation's variable another task's expression reads
 * @param outcomes the outcomes, in order of first use
 * @param quiet variables whose type was reported: their uses stay quiet
 */
public record TypeAttribution(
        Map<ExpressionSyntax, ValueType> types,
        Map<Node, Binding> bindings,
        Map<Node, VariableSymbol> variables,
        Map<ExpressionSyntax, DomainSymbol> domainSteps,
        Map<ExpressionSyntax, TaskVariable> taskVariables,
        List<String> outcomes,
        Set<String> quiet) {

    /** {@code t.fault.a}: which operation's variable another task's expression reads. */
    public record TaskVariable(String operation, VariableSymbol variable) {}

    public TypeAttribution {
        types = Frozen.identity(types);
        bindings = Frozen.identity(bindings);
        variables = Frozen.identity(variables);
        domainSteps = Frozen.identity(domainSteps);
        taskVariables = Frozen.identity(taskVariables);
        outcomes = Frozen.list(outcomes);
        quiet = Frozen.set(quiet);
    }

    /**
     * The attribution while the types concern walks the spec, one declaration after another. Only the three classes of
     * that concern write it; the lock checker, which walks each declaration right after it was typed, reads its
     * bindings through {@link #binding}.
     */
    static final class Builder {
        private final SymbolTable symbols;
        final Map<ExpressionSyntax, ValueType> types = new IdentityHashMap<>();
        final Map<Node, Binding> bindings = new IdentityHashMap<>();
        final Map<Node, VariableSymbol> variables = new IdentityHashMap<>();
        final Map<ExpressionSyntax, DomainSymbol> domainSteps = new IdentityHashMap<>();
        final Map<ExpressionSyntax, TaskVariable> taskVariables = new IdentityHashMap<>();
        final List<String> outcomes = new ArrayList<>();
        final Set<String> quiet = new HashSet<>();

        Builder(SymbolTable symbols) {
            this.symbols = symbols;
        }

        Binding binding(Node node) {
            return bindings.get(node);
        }

        /**
         * @return whether uses of {@code name} stay quiet: a broken declaration, or a variable whose type was reported.
         */
        boolean isQuiet(String name) {
            return symbols.isBroken(name) || quiet.contains(name);
        }

        /** The symbol table as the typing sees it: with the variables whose type was reported quiet too. */
        Symbols symbols() {
            return new Symbols() {
                @Override
                public Map<String, Integer> constants() {
                    return symbols.constants();
                }

                @Override
                public Map<String, DomainSymbol> domains() {
                    return symbols.domains();
                }

                @Override
                public Map<String, EnumSymbol> enums() {
                    return symbols.enums();
                }

                @Override
                public Map<String, RecordSymbol> records() {
                    return symbols.records();
                }

                @Override
                public Map<String, StateSymbol> states() {
                    return symbols.states();
                }

                @Override
                public Map<String, LockSymbol> locks() {
                    return symbols.locks();
                }

                @Override
                public boolean isBroken(String name) {
                    return isQuiet(name);
                }
            };
        }

        TypeAttribution freeze() {
            return new TypeAttribution(types, bindings, variables, domainSteps, taskVariables, outcomes, quiet);
        }
    }
}
