package dev.mmspec.generator.parse;

import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.diag.Span;
import dev.mmspec.grammar.MmSpecLexer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns ANTLR's syntax errors into diagnostics a spec author can act on: 1-based columns, the offending text quoted,
 * what was expected in the language's own spelling, and a hint for the usual slips (a missing ';', '=' for ':=', a
 * keyword used as a name). Parsing goes on after each error so that one run reports them all; a second error at the
 * same place is dropped.
 */
final class SyntaxErrorListener extends BaseErrorListener {
    private static final int MAX_EXPECTED = 6;

    private final Reporter reporter;
    private final Set<String> seen = new HashSet<>();
    private int errors;

    SyntaxErrorListener(Reporter reporter) {
        this.reporter = reporter;
    }

    int errors() {
        return errors;
    }

    @Override
    public void syntaxError(
            Recognizer<?, ?> recognizer,
            Object offendingSymbol,
            int line,
            int column,
            String msg,
            RecognitionException e) {
        if (!(recognizer instanceof Parser parser) || !(offendingSymbol instanceof Token token)) {
            // The lexer has a catch-all token, so it never reports; keep the message if it ever does.
            report(Codes.SYNTAX_ERROR, Span.at(line, column + 1), msg, "");
            return;
        }
        Vocabulary vocabulary = parser.getVocabulary();
        switch (token.getType()) {
            case MmSpecLexer.ERROR_CHAR ->
                report(
                        Codes.UNEXPECTED_CHARACTER,
                        Spans.of(token),
                        "unexpected character '" + token.getText() + "'",
                        "comments are written // or /* */; strings use double quotes");
            case MmSpecLexer.UNTERMINATED_STRING ->
                report(
                        Codes.UNTERMINATED,
                        Spans.of(token),
                        "string is not terminated",
                        "close it with '\"' on the same line");
            case MmSpecLexer.UNTERMINATED_COMMENT ->
                report(
                        Codes.UNTERMINATED,
                        Span.at(token.getLine(), token.getCharPositionInLine() + 1),
                        "comment is not terminated",
                        "close it with '*/'");
            default -> reportParserError(parser, token, msg, vocabulary);
        }
    }

    private void reportParserError(Parser parser, Token token, String msg, Vocabulary vocabulary) {
        List<String> expected = expected(parser, vocabulary);
        String expectation = expected.isEmpty() ? "" : "; expected " + String.join(" or ", expected);
        if (msg.startsWith("missing ")) {
            // Point just after the previous token: "missing ';'" belongs to the line that lacks it.
            Token previous = parser.getInputStream().LT(-1);
            Span span = previous == null ? Spans.of(token) : after(previous);
            report(
                    Codes.SYNTAX_ERROR,
                    span,
                    "missing " + String.join(" or ", expected.isEmpty() ? List.of("token") : expected),
                    hint(token, expected));
            return;
        }
        if (token.getType() == Token.EOF) {
            // Blame the construct left open, not the blank lines after it.
            Token previous = parser.getInputStream().LT(-1);
            Span span = previous == null ? Spans.of(token) : after(previous);
            report(Codes.SYNTAX_ERROR, span, "unexpected end of file" + expectation, hint(token, expected));
            return;
        }
        report(
                Codes.SYNTAX_ERROR,
                Spans.of(token),
                "unexpected '" + token.getText() + "'" + expectation,
                hint(token, expected));
    }

    private static Span after(Token token) {
        Span span = Spans.of(token);
        return new Span(span.endLine(), span.endColumn(), span.endLine(), span.endColumn() + 1);
    }

    /** Tokens that start an expression: listed one by one they would drown the message. */
    private static final Set<Integer> EXPRESSION_START = Set.of(
            MmSpecLexer.INT,
            MmSpecLexer.TRUE,
            MmSpecLexer.FALSE,
            MmSpecLexer.NONE,
            MmSpecLexer.LPAREN,
            MmSpecLexer.NOT,
            MmSpecLexer.MINUS,
            MmSpecLexer.COUNT,
            MmSpecLexer.FIXED,
            MmSpecLexer.HELD,
            MmSpecLexer.TRYLOCK,
            MmSpecLexer.QUIESCENT,
            MmSpecLexer.FORALL,
            MmSpecLexer.EXISTS,
            MmSpecLexer.CHOOSE);

    /** Words that are keywords only in some places; where a name is expected they are names too. */
    private static final Set<Integer> SOFT_KEYWORDS = Set.of(
            MmSpecLexer.SOURCE,
            MmSpecLexer.READ,
            MmSpecLexer.WRITE,
            MmSpecLexer.PER,
            MmSpecLexer.BY,
            MmSpecLexer.WITH,
            MmSpecLexer.ALL,
            MmSpecLexer.FIXES,
            MmSpecLexer.WITHOUT,
            MmSpecLexer.HOLDS,
            MmSpecLexer.VIOLATES,
            MmSpecLexer.SPINLOCK,
            MmSpecLexer.SLEEPING,
            MmSpecLexer.RWSEM,
            MmSpecLexer.BINDING,
            MmSpecLexer.PROC,
            MmSpecLexer.CALL,
            MmSpecLexer.AS);

    private static List<String> expected(Parser parser, Vocabulary vocabulary) {
        IntervalSet set;
        try {
            set = parser.getExpectedTokens();
        } catch (IllegalArgumentException | IllegalStateException noState) {
            return List.of();
        }
        List<Integer> types = set.toList();
        boolean expression = types.contains(MmSpecLexer.INT) && types.contains(MmSpecLexer.ID);
        boolean name = types.contains(MmSpecLexer.ID);
        List<String> names = new ArrayList<>();
        if (expression) {
            names.add("an expression");
        }
        for (int type : types) {
            if (expression && (EXPRESSION_START.contains(type) || type == MmSpecLexer.ID)
                    || name && SOFT_KEYWORDS.contains(type)) {
                continue;
            }
            names.add(display(type, vocabulary));
        }
        if (names.size() > MAX_EXPECTED) {
            return List.of(String.join(", ", names.subList(0, MAX_EXPECTED)) + ", ...");
        }
        return names;
    }

    private static String display(int type, Vocabulary vocabulary) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case MmSpecLexer.ID -> "a name";
            case MmSpecLexer.INT -> "a number";
            case MmSpecLexer.STRING -> "a string";
            default -> {
                String literal = vocabulary.getLiteralName(type);
                yield literal != null ? literal : vocabulary.getDisplayName(type);
            }
        };
    }

    private static String hint(Token token, List<String> expected) {
        if (token.getType() == Token.EOF) {
            return "the file ends inside a construct; a '}' may be missing";
        }
        if (token.getType() == MmSpecLexer.ASSIGN && !expected.contains("'='")) {
            return "assignment in a step is written ':='";
        }
        if (expected.contains("';'")) {
            return "statements end with ';'";
        }
        if ((expected.contains("a name") || expected.contains("an expression"))
                && Character.isLetter(token.getText().charAt(0))) {
            return "'" + token.getText() + "' is a keyword of the language and cannot be used as a name";
        }
        return "";
    }

    private void report(Codes code, Span span, String message, String hint) {
        errors++;
        if (seen.add(span.line() + ":" + span.column())) {
            reporter.report(code, span, message, hint);
        }
    }
}
