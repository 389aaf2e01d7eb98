package dev.mmspec.lsp;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.check.Analysis;
import dev.mmspec.generator.check.LockSymbol;
import dev.mmspec.generator.diag.Diagnostic;
import dev.mmspec.generator.docs.Explanations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Markdown an editor shows on hover: for a lock, what a kernel developer asks first (its kind, its granularity,
 * where it sits in the lock order, what it guards); for another name, its declaration; on a diagnostic, the diagnostic
 * and the text {@code mmspec explain CODE} prints.
 */
final class Hovers {
    private final Explanations explanations;

    Hovers(Explanations explanations) {
        this.explanations = explanations;
    }

    String symbol(Symbol symbol, SourceLines lines, SpecFile ast, Analysis analysis) {
        StringBuilder out = new StringBuilder();
        out.append("```mmspec\n")
                .append(lines.line(symbol.declaration().line()).strip())
                .append("\n```\n");
        switch (symbol.kind()) {
            case LOCK -> lock(symbol.text(), ast, analysis, out);
            case STEP ->
                out.append("\nstep of operation `").append(symbol.container()).append("`\n");
            case VARIABLE ->
                out.append("\nvariable of ")
                        .append(symbol.container().isEmpty() ? "the spec" : "operation `" + symbol.container() + "`")
                        .append('\n');
            case FIX -> fix(symbol.text(), ast, out);
            default -> {}
        }
        return out.toString();
    }

    private static void lock(String name, SpecFile ast, Analysis analysis, StringBuilder out) {
        LockSymbol lock = analysis == null ? null : analysis.locks().get(name);
        if (lock != null) {
            out.append("\n**").append(lock.kind().spelling()).append("**");
            if (lock.domain() != null) {
                out.append(", one per ")
                        .append(lock.domain().name())
                        .append(" (")
                        .append(lock.instances())
                        .append(" instances)");
            }
            if (lock.granularity() != null) {
                out.append(", per ").append(lock.granularity());
            }
            out.append('\n');
        }
        Map<String, Set<String>> after = orderEdges(ast);
        Set<String> before = new LinkedHashSet<>();
        after.forEach((a, bs) -> {
            if (!a.equals(name) && reaches(after, a, name, new LinkedHashSet<>())) {
                before.add(a);
            }
        });
        Set<String> later = new LinkedHashSet<>();
        reaches(after, name, "", later);
        later.remove(name);
        if (before.isEmpty() && later.isEmpty()) {
            out.append("\nlock order: no `order` line names it\n");
        } else {
            out.append("\nlock order: ");
            if (lock != null && lock.rank() >= 0) {
                out.append("rank ").append(lock.rank()).append(" (0 is outermost); ");
            }
            out.append("taken after ")
                    .append(before.isEmpty() ? "nothing" : String.join(", ", before))
                    .append("; taken before ")
                    .append(later.isEmpty() ? "nothing" : String.join(", ", later))
                    .append('\n');
            out.append("\n`").append(String.join(" < ", ranked(analysis))).append("`\n");
        }
        List<String> guards = new ArrayList<>();
        for (Declaration d : ast.declarations()) {
            if (d instanceof Declaration.Guard g && g.lock().name().equals(name)) {
                guards.add(g.state().name()
                        + (g.field() == null ? "" : "." + g.field().name()));
            }
        }
        if (!guards.isEmpty()) {
            out.append("\nguards: ").append(String.join(", ", guards)).append('\n');
        }
    }

    /** @return the locks the order ranks, outermost first, as the lock-order tree of mm/rmap.c reads */
    private static List<String> ranked(Analysis analysis) {
        if (analysis == null) {
            return List.of();
        }
        return analysis.locks().values().stream()
                .filter(l -> l.rank() >= 0)
                .sorted(Comparator.comparingInt(LockSymbol::rank))
                .map(LockSymbol::name)
                .toList();
    }

    private static Map<String, Set<String>> orderEdges(SpecFile ast) {
        Map<String, Set<String>> after = new LinkedHashMap<>();
        for (Declaration d : ast.declarations()) {
            if (d instanceof Declaration.Order o) {
                for (int i = 0; i + 1 < o.locks().size(); i++) {
                    after.computeIfAbsent(o.locks().get(i).name(), k -> new LinkedHashSet<>())
                            .add(o.locks().get(i + 1).name());
                }
            }
        }
        return after;
    }

    /** Collects into {@code seen} every lock reachable from {@code from}; @return whether {@code to} is one. */
    private static boolean reaches(Map<String, Set<String>> after, String from, String to, Set<String> seen) {
        if (!seen.add(from)) {
            return false;
        }
        boolean found = false;
        for (String next : after.getOrDefault(from, Set.of())) {
            found |= next.equals(to) || reaches(after, next, to, seen);
        }
        return found;
    }

    private static void fix(String name, SpecFile ast, StringBuilder out) {
        for (Declaration d : ast.declarations()) {
            if (d instanceof Declaration.Fix f
                    && f.name().name().equals(name)
                    && !f.source().isEmpty()) {
                out.append("\nthe historical fix: ").append(f.source()).append('\n');
            }
        }
    }

    String diagnostic(Diagnostic d) {
        StringBuilder out = new StringBuilder();
        out.append("**")
                .append(d.severity().label())
                .append("[")
                .append(d.code())
                .append("]**: ")
                .append(d.message())
                .append('\n');
        if (!d.hint().isEmpty()) {
            out.append("\nhint: ").append(d.hint()).append('\n');
        }
        explanations
                .get(d.code())
                .ifPresent(e -> out.append("\n---\n\n**")
                        .append(e.code())
                        .append(' ')
                        .append(e.checkName())
                        .append("** (`mmspec explain ")
                        .append(e.code())
                        .append("`)\n\n")
                        .append(e.text())
                        .append('\n'));
        return out.toString();
    }
}
