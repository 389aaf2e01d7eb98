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
     * @return the AST, or null if the text has syntax errors (all of them reported): checking a
     *     tree rebuilt by error recovery would only add noise to the real errors.
     */
    public SpecFile parse(String text, Reporter reporter) {
        MmSpecLexer lexer = new MmSpecLexer(CharStreams.fromString(text, reporter.file()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        if (!NestingDepth.check(tokens.getTokens(), reporter)) {
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
