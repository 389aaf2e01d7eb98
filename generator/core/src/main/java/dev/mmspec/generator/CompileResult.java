package dev.mmspec.generator;

import dev.mmspec.generator.diag.Diagnostic;
import dev.mmspec.generator.ir.Spec;
import java.util.List;

/**
 * What compiling one spec file gives: the resolved spec when there is no error, and every diagnostic (errors and
 * warnings) sorted by line and column.
 *
 * @param spec the resolved IR, null iff any diagnostic is an error
 */
public record CompileResult(Spec spec, List<Diagnostic> diagnostics) {
    public CompileResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return diagnostics.stream().filter(Diagnostic::isError).count();
    }
}
