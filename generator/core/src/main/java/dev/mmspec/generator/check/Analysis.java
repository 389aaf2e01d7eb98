package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.Expression;
import dev.mmspec.generator.ast.Node;
import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.ast.Statement;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.EnumDecl;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Guard;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.LockRef;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the checkers learn about one spec, in the manner of a compiler's symbol table plus its
 * attribution: the declarations resolved to IR declaration objects (created once, so that every
 * later reference is the same instance), the type of every expression and the binding of every
 * name. Each checker fills in its part; the resolver only reads it, and only when no error was
 * reported. AST nodes are keys by identity: two equal-looking nodes are still two places.
 */
public final class Analysis {
    public static final String TASK_DOMAIN = "Task";

    final SpecFile ast;
    final Reporter reporter;

    // Declarations, in file order.
    final Map<String, Integer> constants = new LinkedHashMap<>();
    final Map<String, Domain> domains = new LinkedHashMap<>();
    final Map<String, EnumDecl> enums = new LinkedHashMap<>();
    final Map<String, RecordDecl> records = new LinkedHashMap<>();
    final List<RecordDecl> allRecords = new ArrayList<>();
    final Map<String, StateVar> states = new LinkedHashMap<>();
    final Map<String, Lock> locks = new LinkedHashMap<>();
    final List<Guard> guards = new ArrayList<>();
    final Map<String, Fix> fixes = new LinkedHashMap<>();
    final Map<String, Declaration.Op> operations = new LinkedHashMap<>();
    final Map<String, TaskName> tasks = new LinkedHashMap<>();
    final Map<String, Declaration.Task> taskGroups = new LinkedHashMap<>();
    final Map<String, Declaration.Invariant> invariants = new LinkedHashMap<>();
    final List<String> outcomes = new ArrayList<>();
    Domain taskDomain;
    /** Names declared but broken (already reported): later uses stay quiet instead of cascading. */
    final Set<String> broken = new HashSet<>();

    // Attribution.
    final Map<Expression, Type> types = new IdentityHashMap<>();
    final Map<Node, Binding> bindings = new IdentityHashMap<>();
    final Map<Node, Var> variables = new IdentityHashMap<>();
    final Map<Statement.Unlock, LockRef.Mode> unlockModes = new IdentityHashMap<>();
    final Map<Expression, Integer> argumentValues = new IdentityHashMap<>();
    /** {@code d + k}, {@code d - k} of a domain value and a constant: usable as a value of the domain. */
    final Map<Expression, Domain> domainSteps = new IdentityHashMap<>();
    final Map<Expression, TaskVariable> taskVariables = new IdentityHashMap<>();

    /** {@code t.fault.a}: which operation's variable another task's expression reads. */
    public record TaskVariable(String operation, Var variable) {}

    /** One simulated task: {@code app}, or {@code cpu1} of {@code task cpu[2]}. */
    public record TaskName(String name, int index, Declaration.Task declaration) {}

    Analysis(SpecFile ast, Reporter reporter) {
        this.ast = ast;
        this.reporter = reporter;
    }

    public SpecFile ast() {
        return ast;
    }

    public Map<String, Integer> constants() {
        return constants;
    }

    public Map<String, Domain> domains() {
        return domains;
    }

    public Map<String, EnumDecl> enums() {
        return enums;
    }

    public List<RecordDecl> records() {
        return allRecords;
    }

    public Map<String, StateVar> states() {
        return states;
    }

    public Map<String, Lock> locks() {
        return locks;
    }

    public List<Guard> guards() {
        return guards;
    }

    public Map<String, Fix> fixes() {
        return fixes;
    }

    public Map<String, Declaration.Op> operations() {
        return operations;
    }

    public Map<String, TaskName> tasks() {
        return tasks;
    }

    public Map<String, Declaration.Task> taskGroups() {
        return taskGroups;
    }

    public Map<String, Declaration.Invariant> invariants() {
        return invariants;
    }

    public List<String> outcomes() {
        return outcomes;
    }

    public Domain taskDomain() {
        return taskDomain;
    }

    /** @return the type the checker gave {@code e}. */
    public Type type(Expression e) {
        return types.get(e);
    }

    /** @return what a name (an {@link Expression.Name} or an assignment target) stands for. */
    public Binding binding(Node node) {
        return bindings.get(node);
    }

    /** @return the variable a parameter, local, let or binder declares. */
    public Var variable(Node declaration) {
        return variables.get(declaration);
    }

    /** @return the mode an rwsem unlock releases (the one it was taken with). */
    public LockRef.Mode unlockMode(Statement.Unlock unlock) {
        return unlockModes.get(unlock);
    }

    /** @return the operation variable {@code t.fault.a} reads, or null if the expression is no such read. */
    public TaskVariable taskVariable(Expression read) {
        return taskVariables.get(read);
    }

    /** @return the value of a scenario argument. */
    public Integer argumentValue(Expression argument) {
        return argumentValues.get(argument);
    }
}
