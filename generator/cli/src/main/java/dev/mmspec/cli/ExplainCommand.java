package dev.mmspec.cli;

import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.docs.Explanations;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "explain",
        description = {
            "Prints what a diagnostic code means and how to fix it, from the language reference (docs/language.md).",
            "Without a code, lists every code with its summary. Exit 0, or 2 for a code mmspec does not have."
        })
final class ExplainCommand implements Callable<Integer> {
    @Parameters(
            arity = "0..1",
            paramLabel = "CODE",
            description = "a diagnostic code, e.g. MM0401 (the MM may be left out)")
    String code;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Explanations explanations = Explanations.load();
        if (code == null) {
            for (Codes c : Codes.values()) {
                out.println(c.code() + "  " + c.severity().label() + "  " + c.checkName() + ": " + c.summary());
            }
            out.flush();
            return Main.OK;
        }
        String wanted = normalise(code);
        Codes known = Codes.byCode(wanted);
        if (known == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "unknown diagnostic code '" + code + "'; 'mmspec explain' lists every code");
        }
        Explanations.Entry entry = explanations
                .get(wanted)
                .orElseThrow(() -> new IllegalStateException(
                        wanted + " has no entry in the language reference: a documentation bug"));
        out.println(
                known.code() + " " + known.checkName() + " (" + known.severity().label() + "): " + known.summary());
        out.println();
        out.println(entry.text());
        out.flush();
        return Main.OK;
    }

    /** {@code mm401}, {@code 0401} and {@code MM0401} all name MM0401. */
    private static String normalise(String code) {
        String digits = code.trim().toUpperCase(Locale.ROOT);
        if (digits.startsWith("MM")) {
            digits = digits.substring(2);
        }
        if (!digits.matches("\\d{1,4}")) {
            return code;
        }
        return "MM" + "0".repeat(4 - digits.length()) + digits;
    }
}
