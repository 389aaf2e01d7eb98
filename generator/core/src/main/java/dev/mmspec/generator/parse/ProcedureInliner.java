package dev.mmspec.generator.parse;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.Ident;
import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Diagnostic;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.diag.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Procedures: {@code proc fault_entry(a: Addr) { ... }} declares steps once, and each {@code call fault_entry(a: addr)
 * as entry;} in an operation is replaced, before checking, by a copy of them: steps and vars renamed {@code entry_NAME}
 * (the prefix defaults to the procedure's name), each parameter replaced by its argument expression (call by name, as
 * an inline function), a goto among the procedure's steps following the renaming. The copies keep the procedure's
 * source positions, so a diagnostic points into the procedure; {@link #noteCallSites} adds the call sites. A procedure
 * that calls itself, directly or through others, is refused at the call (MM0208).
 */
public final class ProcedureInliner {
    private final Reporter reporter;
    private final Map<String, Declaration.Proc> procedures = new LinkedHashMap<>();
    /** The lines of each procedure's calls, for the note on diagnostics inside it. */
    private final Map<String, Set<Integer>> callLines = new LinkedHashMap<>();

    public ProcedureInliner(Reporter reporter) {
        this.reporter = reporter;
    }

    /** @return the spec with every call expanded and the procedures themselves removed */
    public SpecFile inline(SpecFile ast) {
        for (Declaration d : ast.declarations()) {
            if (d instanceof Declaration.Proc p
                    && procedures.putIfAbsent(p.name().name(), p) != null) {
                reporter.report(
                        Codes.DUPLICATE_NAME,
                        p.name().span(),
                        "procedure '" + p.name() + "' is already declared",
                        "first declared at line "
                                + procedures.get(p.name().name()).span().line());
            }
        }
        if (procedures.isEmpty()
                && ast.declarations().stream()
                        .noneMatch(d ->
                                d instanceof Declaration.Op op && !op.calls().isEmpty())) {
            return ast;
        }
        List<Declaration> out = new ArrayList<>();
        for (Declaration d : ast.declarations()) {
            if (d instanceof Declaration.Op op) {
                out.add(expand(op));
            } else if (!(d instanceof Declaration.Proc)) {
                out.add(d);
            }
        }
        return new SpecFile(ast.name(), ast.title(), ast.source(), out, ast.span());
    }

    private Declaration.Op expand(Declaration.Op op) {
        if (op.calls().isEmpty()) {
            return op;
        }
        List<Declaration.Variable> locals = new ArrayList<>(op.locals());
        List<Declaration.StepDecl> steps = new ArrayList<>();
        splice(op.steps(), op.calls(), Substitution.NONE, "", new ArrayDeque<>(), steps, locals);
        return new Declaration.Op(op.name(), op.parameters(), locals, steps, op.span());
    }

    /** Appends {@code own} steps with each call's copy in its place; {@code outer} renames the caller's names. */
    private void splice(
            List<Declaration.StepDecl> own,
            List<Declaration.Call> calls,
            Substitution outer,
            String prefix,
            Deque<String> stack,
            List<Declaration.StepDecl> steps,
            List<Declaration.Variable> locals) {
        int next = 0;
        for (Declaration.Call call : calls) {
            for (; next < call.position(); next++) {
                steps.add(outer.step(own.get(next), prefix));
            }
            call(call, outer, prefix, stack, steps, locals);
        }
        for (; next < own.size(); next++) {
            steps.add(outer.step(own.get(next), prefix));
        }
    }

    private void call(
            Declaration.Call call,
            Substitution outer,
            String prefix,
            Deque<String> stack,
            List<Declaration.StepDecl> steps,
            List<Declaration.Variable> locals) {
        if (!inlined(call, outer, prefix, stack, steps, locals)) {
            // The call is reported; an empty step in its place keeps the caller from looking empty (no MM0207 after
            // it).
            steps.add(new Declaration.StepDecl(
                    new Ident(prefix + call.prefixName(), call.span()), List.of(), call.span()));
        }
    }

    /** @return whether the call was expanded; false when it is wrong (reported) */
    private boolean inlined(
            Declaration.Call call,
            Substitution outer,
            String prefix,
            Deque<String> stack,
            List<Declaration.StepDecl> steps,
            List<Declaration.Variable> locals) {
        String name = call.procedure().name();
        Declaration.Proc proc = procedures.get(name);
        if (proc == null) {
            reporter.report(
                    Codes.UNKNOWN_NAME,
                    call.procedure().span(),
                    "call names unknown procedure '" + name + "'",
                    procedures.isEmpty()
                            ? "declare it: proc " + name + "(...) { step ... }"
                            : "known procedures: " + String.join(", ", procedures.keySet()));
            return false;
        }
        if (stack.contains(name)) {
            List<String> cycle = new ArrayList<>(stack);
            java.util.Collections.reverse(cycle);
            cycle = cycle.subList(cycle.indexOf(name), cycle.size());
            reporter.report(
                    Codes.RECURSIVE_PROCEDURE,
                    call.span(),
                    "procedure '" + name + "' calls itself (" + String.join(" -> ", cycle) + " -> " + name
                            + "); its steps would be copied without end",
                    "write the repetition as a goto back to one of its steps");
            return false;
        }
        callLines
                .computeIfAbsent(name, k -> new LinkedHashSet<>())
                .add(call.span().line());
        Map<String, ExpressionSyntax> arguments = arguments(call, proc, outer);
        if (arguments == null) {
            return false;
        }
        String inner = prefix + call.prefixName() + "_";
        Map<String, String> stepNames = new HashMap<>();
        proc.steps()
                .forEach(s -> stepNames.put(s.name().name(), inner + s.name().name()));
        Map<String, ExpressionSyntax> names = new HashMap<>(arguments);
        for (Declaration.Variable v : proc.locals()) {
            Ident renamed = new Ident(inner + v.name().name(), v.name().span());
            locals.add(new Declaration.Variable(renamed, v.type(), v.span()));
            names.put(
                    v.name().name(), new ExpressionSyntax.Name(renamed, v.name().span()));
        }
        stack.push(name);
        splice(
                proc.steps(),
                proc.calls(),
                new Substitution(names, stepNames, proc.name().name(), reporter),
                "",
                stack,
                steps,
                locals);
        stack.pop();
        return true;
    }

    /**
     * @return each parameter's argument, renamed by the caller's substitution, or null when the call is wrong
     *     (reported)
     */
    private Map<String, ExpressionSyntax> arguments(Declaration.Call call, Declaration.Proc proc, Substitution outer) {
        Map<String, ExpressionSyntax> out = new HashMap<>();
        Set<String> parameters = proc.parameters().stream()
                .map(p -> p.name().name())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        boolean ok = true;
        for (Declaration.Argument a : call.arguments()) {
            String n = a.name().name();
            if (!parameters.contains(n)) {
                reporter.report(
                        Codes.BAD_CALL,
                        a.name().span(),
                        "procedure '" + proc.name() + "' has no parameter '" + n + "'",
                        parameters.isEmpty()
                                ? "it takes no arguments"
                                : "its parameters: " + String.join(", ", parameters));
                ok = false;
            } else if (out.putIfAbsent(n, outer.expression(a.value())) != null) {
                reporter.report(
                        Codes.BAD_CALL,
                        a.name().span(),
                        "parameter '" + n + "' is passed twice",
                        "pass each parameter once");
                ok = false;
            }
        }
        for (String p : parameters) {
            if (!out.containsKey(p) && ok) {
                reporter.report(
                        Codes.BAD_CALL,
                        call.span(),
                        "call of '" + proc.name() + "' does not pass parameter '" + p + "'",
                        "pass every parameter by name: call " + proc.name() + "("
                                + parameters.stream().map(x -> x + ": ...").collect(Collectors.joining(", ")) + ");");
                ok = false;
            }
        }
        return ok ? out : null;
    }

    /**
     * @return the diagnostics, each one inside a procedure noted with where the procedure is called, and the copies of
     *     one diagnostic (one per call) reported once
     */
    public List<Diagnostic> noteCallSites(List<Diagnostic> diagnostics) {
        if (procedures.isEmpty()) {
            return diagnostics;
        }
        List<Diagnostic> out = new ArrayList<>();
        Set<Diagnostic> seen = new java.util.HashSet<>();
        for (Diagnostic d : diagnostics) {
            Diagnostic noted = d;
            for (Declaration.Proc p : procedures.values()) {
                Set<Integer> lines = callLines.get(p.name().name());
                if (lines != null && inside(d.span(), p.span())) {
                    String where = "in procedure '" + p.name() + "', called at line" + (lines.size() > 1 ? "s " : " ")
                            + lines.stream().map(String::valueOf).collect(Collectors.joining(", "));
                    noted = new Diagnostic(
                            d.file(),
                            d.span(),
                            d.severity(),
                            d.code(),
                            d.message(),
                            d.hint().isEmpty() ? where : d.hint() + "; " + where);
                }
            }
            if (seen.add(noted)) {
                out.add(noted);
            }
        }
        return out;
    }

    private static boolean inside(Span s, Span proc) {
        return s.line() > proc.line() && s.line() <= proc.endLine()
                || s.line() == proc.line() && s.column() >= proc.column();
    }
}
