package dev.mmspec.lsp;

import dev.mmspec.generator.diag.Span;

/**
 * A named thing of a spec that an editor can jump to: where its name is written and the whole declaration around it.
 *
 * @param container the operation a step or variable belongs to, the enum of a literal, or ""
 * @param name where the name is written in the declaration
 * @param declaration the whole declaration, the name included
 */
record Symbol(Kind kind, String text, String container, Span name, Span declaration) {

    enum Kind {
        CONST("const"),
        DOMAIN("domain"),
        ENUM("enum"),
        ENUM_LITERAL("enum literal"),
        RECORD("record"),
        STATE("state"),
        TASK("task"),
        LOCK("lock"),
        FIX("fix"),
        OPERATION("op"),
        STEP("step"),
        VARIABLE("variable"),
        INVARIANT("invariant"),
        SCENARIO("scenario");

        final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }
    }

    String qualifiedName() {
        return container.isEmpty() ? text : container + "." + text;
    }
}
