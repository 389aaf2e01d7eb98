package dev.mmspec.lsp;

import dev.mmspec.generator.AnalysedSpec;
import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.check.Analysis;

/**
 * One spec open in the editor: its text as last sent and what the compiler made of it.
 *
 * @param current the text's compilation, whose diagnostics the editor shows
 * @param navigation the last version that parsed: a spec is mostly mid-edit, so a syntax error must not take go to
 *     definition away; its places may lag the text by the unfinished edit
 */
record OpenSpec(String uri, int version, SourceLines lines, AnalysedSpec current, Navigation navigation) {

    /** What names mean in the last text that parsed. */
    record Navigation(SpecFile ast, Analysis analysis, SymbolIndex index, SourceLines lines) {
        static final Navigation NONE = new Navigation(null, null, SymbolIndex.EMPTY, new SourceLines(""));
    }
}
