package dev.mmspec.generator;

import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.check.Analysis;
import dev.mmspec.generator.check.SpecChecker;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.parse.SpecParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The front end in one call: parse, check, and (without errors) resolve a spec file to the IR. Bad input of any kind
 * comes back as diagnostics, never as an exception; the caller (CLI, Maven goal) decides whether to stop.
 */
public final class SpecCompiler {

    /**
     * @param displayPath the file as the user should see it in diagnostics ({@code spec/x.mmspec})
     * @param text the spec's text
     */
    public CompileResult compile(String displayPath, String text) {
        return analyse(displayPath, text).result();
    }

    /**
     * Compiles like {@link #compile(String, String)} and keeps the AST and the checkers' analysis, which an editor
     * needs to resolve names even in a spec with errors.
     */
    public AnalysedSpec analyse(String displayPath, String text) {
        Reporter reporter = new Reporter(displayPath);
        Spec spec = null;
        dev.mmspec.generator.parse.ProcedureInliner procedures =
                new dev.mmspec.generator.parse.ProcedureInliner(reporter);
        SpecFile ast = null;
        Analysis analysis = null;
        try {
            ast = new SpecParser().parse(text, reporter);
            if (ast != null) {
                ast = procedures.inline(ast);
                analysis = new SpecChecker().check(ast, reporter);
                if (!reporter.hasErrors()) {
                    spec = new dev.mmspec.generator.resolve.SpecResolver().resolve(analysis, displayPath);
                }
            }
        } catch (StackOverflowError deep) {
            // Recursive descent over thousands of nested parentheses: the input's fault, not a bug.
            reporter.report(
                    Codes.TOO_DEEP,
                    Span.at(1, 1),
                    "the spec nests expressions or blocks too deeply to parse",
                    "split the expression with let");
            spec = null;
        } catch (RuntimeException bug) {
            // A front-end bug must still reach the user as a diagnostic, with enough to report it.
            reporter.report(
                    Codes.INTERNAL_ERROR,
                    Span.at(1, 1),
                    "the spec compiler failed: " + bug,
                    "please report this with the spec file; " + where(bug));
            spec = null;
        }
        return new AnalysedSpec(
                ast,
                analysis,
                new CompileResult(reporter.hasErrors() ? null : spec, procedures.noteCallSites(reporter.sorted())));
    }

    /** Reads {@code file} as UTF-8 and compiles it; an unreadable file is a diagnostic too. */
    public CompileResult compile(Path file, String displayPath) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return failure(displayPath, "the file is not valid UTF-8", "save it as UTF-8");
        } catch (IOException | SecurityException e) {
            return failure(displayPath, "cannot read the file: " + e, "check that it exists and is readable");
        }
        return compile(displayPath, text);
    }

    private static CompileResult failure(String displayPath, String message, String hint) {
        Reporter reporter = new Reporter(displayPath);
        reporter.report(Codes.IO_ERROR, Span.at(1, 1), message, hint);
        return new CompileResult(null, reporter.sorted());
    }

    private static String where(Throwable bug) {
        StackTraceElement[] trace = bug.getStackTrace();
        return trace.length == 0 ? "no stack trace" : "at " + trace[0];
    }
}
