package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.Node;
import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.ast.StatementSyntax;
import dev.mmspec.generator.lang.LockMode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the checkers learned about one spec, as frozen values in the order the phases made them: the {@link SymbolTable}
 * of the declarations, then what each attributing concern returned (the types, the locks, the scenarios). The resolver
 * builds the IR from it, and only when no error was reported; the language server reads it even then. Nothing in it can
 * change.
 */
public record Analysis(
        SpecFile ast,
        SymbolTable symbols,
        TypeAttribution typing,
        LockAttribution locking,
        ScenarioAttribution scenarios) {

    public Map<String, Integer> constants() {
        return symbols.constants();
    }

    public Map<String, DomainSymbol> domains() {
        return symbols.domains();
    }

    public Map<String, EnumSymbol> enums() {
        return symbols.enums();
    }

    /** @return every record, the inline records of state declarations included, in file order. */
    public List<RecordSymbol> records() {
        return symbols.allRecords();
    }

    public Map<String, StateSymbol> states() {
        return symbols.states();
    }

    public Map<String, LockSymbol> locks() {
        return symbols.locks();
    }

    /** @return the valid guards, by name ({@code resolve} makes their IR objects). */
    public List<GuardRule> guards() {
        return symbols.guards();
    }

    /** @return the fix declarations by name, in file order ({@code resolve} makes their IR objects). */
    public Map<String, Declaration.Fix> fixes() {
        return symbols.fixes();
    }

    public Map<String, Declaration.Op> operations() {
        return symbols.operations();
    }

    public Map<String, SymbolTable.TaskName> tasks() {
        return symbols.tasks();
    }

    public Map<String, Declaration.Task> taskGroups() {
        return symbols.taskGroups();
    }

    public Map<String, Declaration.Invariant> invariants() {
        return symbols.invariants();
    }

    public List<String> outcomes() {
        return typing.outcomes();
    }

    public DomainSymbol taskDomain() {
        return symbols.taskDomain();
    }

    /** @return the type the checker gave {@code e}. */
    public ValueType type(ExpressionSyntax e) {
        return typing.types().get(e);
    }

    /** @return what a name (an {@link ExpressionSyntax.Name} or an assignment target) stands for. */
    public Binding binding(Node node) {
        return typing.bindings().get(node);
    }

    /** @return the variable a parameter, local, let or binder declares. */
    public VariableSymbol variable(Node declaration) {
        VariableSymbol v = declaration instanceof Declaration.Variable d ? symbols.signature(d) : null;
        return v != null ? v : typing.variables().get(declaration);
    }

    /**
     * @return every variable the checkers declared (parameters and locals of the signatures, then the lets, binders and
     *     quantifiers of the bodies), each once
     */
    public Set<VariableSymbol> variableSymbols() {
        Set<VariableSymbol> all = Collections.newSetFromMap(new IdentityHashMap<>());
        all.addAll(symbols.signatures().values());
        all.addAll(typing.variables().values());
        return Collections.unmodifiableSet(all);
    }

    /** @return the mode an rwsem unlock releases (the one it was taken with). */
    public LockMode unlockMode(StatementSyntax.Unlock unlock) {
        return locking.unlockModes().get(unlock);
    }

    /** @return the operation variable {@code t.fault.a} reads, or null if the expression is no such read. */
    public TypeAttribution.TaskVariable taskVariable(ExpressionSyntax read) {
        return typing.taskVariables().get(read);
    }

    /** @return the value of a scenario argument. */
    public Integer argumentValue(ExpressionSyntax argument) {
        return scenarios.argumentValues().get(argument);
    }
}
