package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import java.util.List;
import java.util.Optional;

/**
 * A checked spec, ready for lowering.
 *
 * @param sourcePath the spec file as the user named it ({@code spec/anon_exclusive.mmspec})
 * @param source the {@code source "..."} line, or ""
 * @param taskDomain the built-in {@code Task} domain, {@code 0..tasks-1}
 * @param init the {@code init} block's statements (run once, by no task, without lock checks)
 * @param symmetries groups of interchangeable tasks ({@code symmetry app})
 * @param symmetricDomains domains whose elements are interchangeable ({@code symmetry Folio}), each once
 * @param outcomes every outcome name used, in order of first use; outcome id = index + 1
 * @param bindingNone where the spec says {@code binding: none} (its runtime suites are skipped), if it does
 */
public record Spec(
        String name,
        String title,
        String source,
        String sourcePath,
        List<Domain> domains,
        List<EnumDecl> enums,
        List<RecordDecl> records,
        List<StateVar> state,
        Domain taskDomain,
        List<Task> tasks,
        List<Lock> locks,
        List<Guard> guards,
        List<Fix> fixes,
        List<Stmt> init,
        List<Operation> operations,
        List<Invariant> invariants,
        List<Scenario> scenarios,
        List<Expectation> expectations,
        List<Symmetry> symmetries,
        List<SymmetricDomain> symmetricDomains,
        List<String> outcomes,
        Span span,
        Optional<Span> bindingNone) {
    public Spec {
        domains = List.copyOf(domains);
        enums = List.copyOf(enums);
        records = List.copyOf(records);
        state = List.copyOf(state);
        tasks = List.copyOf(tasks);
        locks = List.copyOf(locks);
        guards = List.copyOf(guards);
        fixes = List.copyOf(fixes);
        init = List.copyOf(init);
        operations = List.copyOf(operations);
        invariants = List.copyOf(invariants);
        scenarios = List.copyOf(scenarios);
        expectations = List.copyOf(expectations);
        symmetries = List.copyOf(symmetries);
        symmetricDomains = List.copyOf(symmetricDomains);
        outcomes = List.copyOf(outcomes);
    }

    /** @return whether {@code d} is declared symmetric. */
    public boolean isSymmetric(Domain d) {
        return d != null
                && symmetricDomains.stream().anyMatch(s -> s.domain().name().equals(d.name()));
    }

    /** @return all steps of all operations, by global step index. */
    public List<Step> allSteps() {
        return operations.stream().flatMap(op -> op.steps().stream()).toList();
    }
}
