package dev.mmspec.generator.parse;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;

/**
 * ANTLR's recovery, except that a conjured missing token (the usual forgotten ';') ends the error condition at once. By
 * default the parser stays silent until it matches another token, so the mistake on the next line of a spec would go
 * unreported until the next run.
 */
final class RecoveringErrorStrategy extends DefaultErrorStrategy {
    @Override
    protected void reportMissingToken(Parser recognizer) {
        super.reportMissingToken(recognizer);
        endErrorCondition(recognizer);
    }
}
