package dev.mmspec.generator.parse;

import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.grammar.MmSpecLexer;
import dev.mmspec.grammar.MmSpecParser;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/** Parses one spec file into an AST, reporting every syntax error. */
public final class SpecParser {
    /**
     * Characters of one string (title, description, fix source). Strings reach generated Java as constants, and a class
     * file holds a constant of at most 65,535 bytes of modified UTF-8.
     */
    static final int MAX_STRING = 10_000;

    private static boolean longStringsReported(CommonTokenStream tokens, Reporter reporter) {
        boolean ok = true;
        for (org.antlr.v4.runtime.Token t : tokens.getTokens()) {
            if (t.getType() == MmSpecLexer.STRING && t.getText().length() - 2 > MAX_STRING) {
                reporter.report(
                        dev.mmspec.generator.diag.Codes.TOO_LARGE,
                        dev.mmspec.generator.diag.Span.at(t.getLine(), t.getCharPositionInLine() + 1),
                        "a string of " + (t.getText().length() - 2) + " characters; the limit is " + MAX_STRING,
                        "keep the description to what a report needs; cite the commit or the mail instead");
                ok = false;
            }
        }
        return ok;
    }

    /**
     * @return the AST, or null if the text has syntax errors (all of them reported): checking a tree rebuilt by error
     *     recovery would only add noise to the real errors.
     */
    public SpecFile parse(String text, Reporter reporter) {
        MmSpecLexer lexer = new MmSpecLexer(CharStreams.fromString(text, reporter.file()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        if (!NestingDepth.check(tokens.getTokens(), reporter) | !longStringsReported(tokens, reporter)) {
            return null;
        }
        MmSpecParser parser = new MmSpecParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new RecoveringErrorStrategy());
        SyntaxErrorListener listener = new SyntaxErrorListener(reporter);
        lexer.addErrorListener(listener);
        parser.addErrorListener(listener);
        MmSpecParser.SpecContext tree = parser.spec();
        if (listener.errors() > 0) {
            return null;
        }
        return new AstBuilder(tokens).build(tree);
    }
}
