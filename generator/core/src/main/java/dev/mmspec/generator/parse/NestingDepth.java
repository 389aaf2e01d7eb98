package dev.mmspec.generator.parse;

import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import dev.mmspec.generator.diag.Span;
import dev.mmspec.grammar.MmSpecLexer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * The nesting limit (MM0104), counted on tokens before anything recursive runs: the parser, the AST
 * builder and every checker recurse once per level of nesting, so a spec nested thousands deep
 * would end in a StackOverflowError whose place depends on the JVM's stack. Counted, the limit is
 * the same in every JVM (CLI, Maven, a long-running one) and reported at the token that passes it.
 *
 * <p>The depth at a token is the brackets open around it ({@code ( [ {}) plus, at each of those
 * levels, the operators met since the level's last separator ({@code ; , :} or a brace): a chain of
 * n operators is a tree n deep, however it is bracketed.
 */
final class NestingDepth {
    /**
     * Deeper than any spec a person writes, and well within a default thread stack (512 KB) for every recursive phase.
     */
    static final int LIMIT = 200;

    private NestingDepth() {}

    /**
     * @return whether the tokens stay within the limit; if not, the diagnostic is reported at the first token past it.
     */
    static boolean check(List<? extends Token> tokens, Reporter reporter) {
        Deque<int[]> levels = new ArrayDeque<>();
        levels.push(new int[] {0});
        int operatorsAbove = 0; // operators counted at the levels enclosing the current one
        for (Token t : tokens) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            int type = t.getType();
            int[] here = levels.peek();
            switch (type) {
                case MmSpecLexer.LPAREN, MmSpecLexer.LBRACK, MmSpecLexer.LBRACE -> {
                    operatorsAbove += here[0];
                    levels.push(new int[] {0});
                }
                case MmSpecLexer.RPAREN, MmSpecLexer.RBRACK, MmSpecLexer.RBRACE -> {
                    if (levels.size() > 1) {
                        levels.pop();
                        operatorsAbove -= levels.peek()[0];
                    }
                    if (type == MmSpecLexer.RBRACE) {
                        levels.peek()[0] = 0;
                    }
                }
                case MmSpecLexer.SEMI, MmSpecLexer.COMMA, MmSpecLexer.COLON -> here[0] = 0;
                case MmSpecLexer.AND,
                        MmSpecLexer.OR,
                        MmSpecLexer.IMPLIES,
                        MmSpecLexer.NOT,
                        MmSpecLexer.MINUS,
                        MmSpecLexer.PLUS,
                        MmSpecLexer.STAR,
                        MmSpecLexer.SLASH,
                        MmSpecLexer.PERCENT,
                        MmSpecLexer.EQ,
                        MmSpecLexer.NE,
                        MmSpecLexer.LT,
                        MmSpecLexer.LE,
                        MmSpecLexer.GT,
                        MmSpecLexer.GE,
                        MmSpecLexer.QUESTION -> here[0]++;
                default -> {
                    continue;
                }
            }
            int depth = levels.size() - 1 + operatorsAbove + levels.peek()[0];
            if (depth > LIMIT) {
                reporter.report(
                        Codes.TOO_DEEP,
                        Span.at(t.getLine(), t.getCharPositionInLine() + 1),
                        "nested " + depth + " levels deep here (brackets and operators); the limit is " + LIMIT,
                        "split the expression with let, or the block into steps");
                return false;
            }
        }
        return true;
    }
}
