package dev.mmspec.generator.parse;

import java.util.List;
import org.antlr.v4.runtime.BufferedTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * The text of a construct as the user wrote it, for reports: default-channel tokens joined with a single space wherever
 * the source had whitespace or a comment between them.
 */
final class SourceText {
    private final BufferedTokenStream tokens;

    SourceText(BufferedTokenStream tokens) {
        this.tokens = tokens;
    }

    String of(ParserRuleContext ctx) {
        if (ctx == null
                || ctx.getStop() == null
                || ctx.getStop().getTokenIndex() < ctx.getStart().getTokenIndex()) {
            return "";
        }
        List<Token> range =
                tokens.get(ctx.getStart().getTokenIndex(), ctx.getStop().getTokenIndex());
        StringBuilder text = new StringBuilder();
        boolean gap = false;
        for (Token token : range) {
            if (token.getChannel() != Token.DEFAULT_CHANNEL) {
                gap = true;
                continue;
            }
            if (gap && text.length() > 0) {
                text.append(' ');
            }
            gap = false;
            text.append(token.getText());
        }
        return text.toString();
    }
}
