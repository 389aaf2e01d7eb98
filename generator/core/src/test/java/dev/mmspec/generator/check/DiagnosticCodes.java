package dev.mmspec.generator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Diagnostic;
import java.util.List;

/** The assertion the language-feature tables share: a spec reports exactly one code, or none. */
final class DiagnosticCodes {
    private DiagnosticCodes() {}

    /** @param code the one code the spec must report (each place it applies), or "" for a clean spec */
    static void assertReports(String code, String file, String text) {
        CompileResult result = new SpecCompiler().compile(file, text);
        List<String> codes =
                result.diagnostics().stream().map(Diagnostic::code).distinct().toList();
        assertEquals(
                code.isEmpty() ? List.of() : List.of(code),
                codes,
                result.diagnostics().stream().map(Diagnostic::render).reduce("", (x, y) -> x + "\n" + y));
    }
}
