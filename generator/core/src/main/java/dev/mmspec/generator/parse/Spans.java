package dev.mmspec.generator.parse;

import dev.mmspec.generator.diag.Span;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** ANTLR positions (1-based lines, 0-based columns) to 1-based {@link Span}s. */
final class Spans {
    private Spans() {}

    static Span of(Token token) {
        int column = token.getCharPositionInLine() + 1;
        String text = token.getType() == Token.EOF ? "" : token.getText();
        return new Span(
                token.getLine(), column, token.getLine(), column + Math.max(1, text == null ? 1 : text.length()));
    }

    static Span of(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop();
        if (stop == null || stop.getTokenIndex() < start.getTokenIndex()) {
            return of(start);
        }
        Span first = of(start);
        Span last = of(stop);
        return new Span(first.line(), first.column(), last.endLine(), last.endColumn());
    }

    static Span between(Span first, Span last) {
        return new Span(first.line(), first.column(), last.endLine(), last.endColumn());
    }
}
