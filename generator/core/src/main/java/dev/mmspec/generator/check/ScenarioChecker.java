package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.Ident;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.lang.ExpectedResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenarios and expectations concern: every name a scenario, an {@code expect} or a {@code symmetry} line mentions
 * exists (a symmetry names a task group or a domain; what a symmetric domain forbids is {@link SymmetryChecker}'s
 * business), each scenario entry calls an operation its task may start with arguments that are constants of the
 * parameters' types, and expected outcomes are outcomes some operation produces. Runs after the type checker, which
 * collects the outcomes.
 */
final class ScenarioChecker {
    private final Reporter reporter;
    private final SymbolTable symbols;
    private final TypeAttribution typing;
    private final BoundsChecker bounds;
    private final Map<String, Declaration.Scenario> scenarios = new HashMap<>();
    private final Map<ExpressionSyntax, Integer> argumentValues = new IdentityHashMap<>();

    ScenarioChecker(Reporter reporter, SymbolTable symbols, TypeAttribution typing, BoundsChecker bounds) {
        this.reporter = reporter;
        this.symbols = symbols;
        this.typing = typing;
        this.bounds = bounds;
    }

    /** @return the values of the scenario arguments checked so far, frozen: call once every declaration was checked. */
    ScenarioAttribution result() {
        return new ScenarioAttribution(argumentValues);
    }

    void checkScenario(Declaration.Scenario scenario) {
        Declaration.Scenario first = scenarios.putIfAbsent(scenario.name().name(), scenario);
        if (first != null) {
            reporter.report(
                    Codes.DUPLICATE_NAME,
                    scenario.name().span(),
                    "scenario '" + scenario.name() + "' is already declared",
                    "first declared at line " + first.span().line());
        }
        scenario.fixesOff().forEach(this::fix);
        scenario.entries().forEach(this::entry);
        Declaration.Expected expected = scenario.expected();
        if (expected.kind() == ExpectedResult.VIOLATES) {
            invariant(expected.name());
        } else if (expected.kind() == ExpectedResult.OUTCOME
                && !typing.outcomes().contains(expected.name().name())) {
            reporter.report(
                    Codes.UNKNOWN_OUTCOME,
                    expected.name().span(),
                    "no operation has outcome '" + expected.name() + "'",
                    Suggestions.hint(expected.name().name(), typing.outcomes()));
        }
    }

    private void entry(Declaration.ScenarioEntry entry) {
        SymbolTable.TaskName task = symbols.tasks().get(entry.task().name());
        if (task == null) {
            reporter.report(
                    Codes.SCENARIO_UNKNOWN_TASK,
                    entry.task().span(),
                    "unknown task '" + entry.task() + "'",
                    Suggestions.hint(entry.task().name(), symbols.tasks().keySet()));
        }
        Declaration.Op op = symbols.operations().get(entry.operation().name());
        if (op == null) {
            reporter.report(
                    Codes.SCENARIO_UNKNOWN_OPERATION,
                    entry.operation().span(),
                    "unknown operation '" + entry.operation() + "'",
                    Suggestions.hint(
                            entry.operation().name(), symbols.operations().keySet()));
            return;
        }
        if (task != null
                && task.declaration().operations().stream()
                        .noneMatch(o -> o.name().equals(op.name().name()))) {
            reporter.report(
                    Codes.OPERATION_NOT_ALLOWED,
                    entry.operation().span(),
                    "task '" + task.name() + "' may not run '" + op.name() + "'",
                    "add it to 'task " + task.declaration().name() + ": ...' or run it from another task");
        }
        if (entry.arguments().size() != op.parameters().size()) {
            reporter.report(
                    Codes.ARGUMENT_COUNT,
                    entry.span(),
                    "'" + op.name() + "' takes " + op.parameters().size() + " argument(s), not "
                            + entry.arguments().size());
        } else {
            for (int k = 0; k < entry.arguments().size(); k++) {
                VariableSymbol parameter = symbols.signature(op.parameters().get(k));
                ExpressionSyntax argument = entry.arguments().get(k);
                if (parameter != null) {
                    Integer value = bounds.constantOf(
                            argument,
                            parameter.type(),
                            "argument '" + parameter.name() + "' of " + op.name(),
                            Codes.ARGUMENT_TYPE);
                    if (value != null) {
                        argumentValues.put(argument, value);
                    }
                }
            }
        }
        if (entry.step() != null
                && op.steps().stream()
                        .noneMatch(s -> s.name().name().equals(entry.step().name()))) {
            reporter.report(
                    Codes.SCENARIO_UNKNOWN_STEP,
                    entry.step().span(),
                    "operation '" + op.name() + "' has no step '" + entry.step() + "'",
                    Suggestions.hint(
                            entry.step().name(),
                            op.steps().stream().map(s -> s.name().name()).toList()));
        }
    }

    void checkExpect(Declaration.Expect expect) {
        fix(expect.fix());
        invariant(expect.invariant());
    }

    /** {@code symmetry app} names a group of tasks, {@code symmetry Folio} a declared domain. */
    void checkSymmetry(Declaration.Symmetry symmetry) {
        String name = symmetry.group().name();
        Declaration.Task group = symbols.taskGroups().get(name);
        if (group != null && group.count() != null
                || symbols.domains().containsKey(name) && !name.equals(SymbolTable.TASK_DOMAIN)) {
            return;
        }
        if (group != null) {
            reporter.report(
                    Codes.BAD_SYMMETRY,
                    symmetry.group().span(),
                    "'" + name + "' is not a task group",
                    "symmetry names a 'task " + name + "[n]: ...' declaration");
        } else if (name.equals(SymbolTable.TASK_DOMAIN)) {
            reporter.report(
                    Codes.BAD_SYMMETRY,
                    symmetry.group().span(),
                    "'" + name + "' holds every task, of every group",
                    "name a group of interchangeable tasks: symmetry <group> for a 'task <group>[n]: ...' declaration");
        } else if (!symbols.isBroken(name) && !typing.quiet().contains(name)) {
            List<String> known = new ArrayList<>();
            symbols.taskGroups().values().stream()
                    .filter(t -> t.count() != null)
                    .forEach(t -> known.add(t.name().name()));
            symbols.domains().keySet().stream()
                    .filter(d -> !d.equals(SymbolTable.TASK_DOMAIN))
                    .forEach(known::add);
            String hint = Suggestions.hint(name, known);
            reporter.report(
                    Codes.BAD_SYMMETRY,
                    symmetry.group().span(),
                    "unknown task group or domain '" + name + "'",
                    hint.isEmpty()
                            ? "symmetry names a 'task <group>[n]: ...' or a 'domain <Name> = lo..hi' declaration"
                            : hint);
        }
    }

    private void fix(Ident fix) {
        if (!symbols.fixes().containsKey(fix.name())) {
            reporter.report(
                    Codes.UNKNOWN_FIX,
                    fix.span(),
                    "unknown fix '" + fix + "'",
                    Suggestions.hint(fix.name(), symbols.fixes().keySet()));
        }
    }

    private void invariant(Ident invariant) {
        if (!symbols.invariants().containsKey(invariant.name())) {
            reporter.report(
                    Codes.UNKNOWN_INVARIANT,
                    invariant.span(),
                    "unknown invariant '" + invariant + "'",
                    Suggestions.hint(invariant.name(), symbols.invariants().keySet()));
        }
    }
}
