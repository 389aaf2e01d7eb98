package dev.mmspec.generator.resolve;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.Ident;
import dev.mmspec.generator.check.Analysis;
import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Expectation;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Invariant;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.Scenario;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.Step;
import dev.mmspec.generator.ir.Stmt;
import dev.mmspec.generator.ir.SymmetricDomain;
import dev.mmspec.generator.ir.Symmetry;
import dev.mmspec.generator.ir.Task;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.ExpectedResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a checked spec to the resolved IR ({@link Spec}). Call only when the checkers reported no error: it trusts
 * every binding and type the {@link Analysis} holds.
 */
public final class SpecResolver {

    public Spec resolve(Analysis analysis, String sourcePath) {
        RecordValues records = new RecordValues();
        Declarations declarations = Declarations.of(analysis);
        ExprResolver exprs = new ExprResolver(analysis, declarations, records);
        StmtResolver stmts = new StmtResolver(analysis, declarations, exprs, records);
        List<Declaration> all = analysis.ast().declarations();

        List<Stmt> init = new ArrayList<>();
        for (Declaration d : all) {
            if (d instanceof Declaration.Init i) {
                init.addAll(stmts.all(i.body()));
            }
        }
        Map<String, Operation> operations = new LinkedHashMap<>();
        int globalStep = 0;
        for (Declaration.Op op : analysis.operations().values()) {
            Operation operation = operation(op, operations.size(), globalStep, analysis, declarations, stmts, records);
            operations.put(operation.name(), operation);
            globalStep += operation.steps().size();
        }
        List<Task> tasks = analysis.tasks().values().stream()
                .map(t -> new Task(
                        t.name(),
                        t.index(),
                        t.declaration().operations().stream()
                                .map(o -> operations.get(o.name()))
                                .toList(),
                        t.declaration().name().name(),
                        t.declaration().span()))
                .toList();
        Map<String, Invariant> invariants = new LinkedHashMap<>();
        for (Declaration.Invariant inv : analysis.invariants().values()) {
            invariants.put(
                    inv.name().name(),
                    new Invariant(
                            inv.name().name(),
                            inv.description(),
                            exprs.resolve(inv.when()),
                            exprs.resolve(inv.body()),
                            inv.text(),
                            inv.whenText(),
                            invariants.size(),
                            inv.span()));
        }
        List<Scenario> scenarios = new ArrayList<>();
        List<Expectation> expectations = new ArrayList<>();
        List<Symmetry> symmetries = new ArrayList<>();
        List<SymmetricDomain> symmetricDomains = new ArrayList<>();
        Map<String, Fix> fixes = declarations.fixes();
        for (Declaration d : all) {
            if (d instanceof Declaration.Scenario s) {
                scenarios.add(scenario(s, analysis, fixes, tasks, operations, invariants));
            } else if (d instanceof Declaration.Expect e) {
                expectations.add(new Expectation(
                        fixes.get(e.fix().name()), invariants.get(e.invariant().name()), e.span()));
            } else if (d instanceof Declaration.Symmetry s) {
                Domain domain = declarations.domains().get(s.group().name());
                if (domain == null) {
                    symmetries.add(new Symmetry(
                            tasks.stream()
                                    .filter(t -> t.group().equals(s.group().name()))
                                    .toList(),
                            s.span()));
                } else if (symmetricDomains.stream().noneMatch(sd -> sd.domain() == domain)) {
                    symmetricDomains.add(new SymmetricDomain(domain, s.span()));
                }
            }
        }
        List<Domain> domains = declarations.domains().values().stream()
                .filter(d -> d != declarations.taskDomain())
                .toList();
        var ast = analysis.ast();
        return new Spec(
                ast.name().name(),
                ast.title(),
                ast.source(),
                sourcePath,
                domains,
                List.copyOf(declarations.enums().values()),
                List.copyOf(declarations.records().values()),
                List.copyOf(declarations.states().values()),
                declarations.taskDomain(),
                tasks,
                List.copyOf(declarations.locks().values()),
                declarations.guards(),
                List.copyOf(fixes.values()),
                init,
                List.copyOf(operations.values()),
                List.copyOf(invariants.values()),
                scenarios,
                expectations,
                symmetries,
                symmetricDomains,
                analysis.outcomes(),
                ast.span(),
                all.stream()
                        .filter(d -> d instanceof Declaration.Binding)
                        .map(Declaration::span)
                        .findFirst());
    }

    private static Operation operation(
            Declaration.Op op,
            int index,
            int firstStep,
            Analysis analysis,
            Declarations declarations,
            StmtResolver stmts,
            RecordValues records) {
        String name = op.name().name();
        Map<String, Step> heads = new LinkedHashMap<>();
        for (int k = 0; k < op.steps().size(); k++) {
            Declaration.StepDecl s = op.steps().get(k);
            heads.put(s.name().name(), new Step(name, s.name().name(), k, firstStep + k, List.of(), s.span()));
        }
        stmts.enterOperation(heads);
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < op.steps().size(); k++) {
            Declaration.StepDecl s = op.steps().get(k);
            steps.add(new Step(name, s.name().name(), k, firstStep + k, stmts.all(s.body()), s.span()));
        }
        List<Var> parameters = op.parameters().stream()
                .map(analysis::variable)
                .map(declarations::variable)
                .toList();
        List<Var> locals = records.flatten(op.locals().stream()
                .map(analysis::variable)
                .map(declarations::variable)
                .toList());
        return new Operation(name, index, parameters, locals, steps, op.span());
    }

    private static Scenario scenario(
            Declaration.Scenario s,
            Analysis analysis,
            Map<String, Fix> fixes,
            List<Task> tasks,
            Map<String, Operation> operations,
            Map<String, Invariant> invariants) {
        List<Fix> off = s.fixesOff().stream().map(f -> fixes.get(f.name())).toList();
        List<Scenario.Entry> entries = new ArrayList<>();
        for (Declaration.ScenarioEntry e : s.entries()) {
            Task task = tasks.stream()
                    .filter(t -> t.name().equals(e.task().name()))
                    .findFirst()
                    .orElseThrow();
            Operation op = operations.get(e.operation().name());
            List<Integer> arguments =
                    e.arguments().stream().map(analysis::argumentValue).toList();
            Step through = e.step() == null ? null : op.step(e.step().name());
            entries.add(new Scenario.Entry(task, op, arguments, through, e.span()));
        }
        Ident name = s.expected().name();
        ExpectedResult kind = s.expected().kind();
        Invariant invariant = kind == ExpectedResult.VIOLATES ? invariants.get(name.name()) : null;
        String outcome = kind == ExpectedResult.OUTCOME ? name.name() : null;
        return new Scenario(s.name().name(), off, entries, kind, invariant, outcome, s.span());
    }
}
