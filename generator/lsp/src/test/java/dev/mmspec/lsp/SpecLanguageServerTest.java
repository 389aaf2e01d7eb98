package dev.mmspec.lsp;

import static dev.mmspec.lsp.EditorSession.TIMEOUT_SECONDS;
import static dev.mmspec.lsp.EditorSession.document;
import static dev.mmspec.lsp.EditorSession.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Diagnostic;
import dev.mmspec.generator.docs.Explanations;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The language server as an editor meets it, over JSON-RPC: the fixture {@code unmap.mmspec} (beside this class) is
 * opened, edited and navigated, and every answer is checked at the place it must name, written as the spec's own
 * 1-based {@code line:col}.
 */
class SpecLanguageServerTest {
    private static final String URI = "file:///work/spec/unmap.mmspec";
    private EditorSession editor;
    private String fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = fixture();
        editor = new EditorSession();
        editor.initialize();
        editor.open(URI, fixture);
        assertEquals(List.of(), editor.nextDiagnostics().getDiagnostics(), "the fixture is a clean spec");
    }

    @AfterEach
    void close() throws Exception {
        assertEquals(0, editor.shutdownAndExit(), "shutdown then exit is exit code 0");
        editor.close();
    }

    static String fixture() throws IOException {
        try (InputStream in = SpecLanguageServerTest.class.getResourceAsStream("unmap.mmspec")) {
            return EditorSession.read(in);
        }
    }

    @Test
    void initializeAdvertisesFullSyncNavigationHoverAndOutline() throws Exception {
        try (EditorSession other = new EditorSession()) {
            InitializeResult result = other.initialize();
            var capabilities = result.getCapabilities();
            assertEquals(
                    TextDocumentSyncKind.Full,
                    capabilities.getTextDocumentSync().getLeft());
            assertTrue(capabilities.getDefinitionProvider().getLeft());
            assertTrue(capabilities.getReferencesProvider().getLeft());
            assertTrue(capabilities.getHoverProvider().getLeft());
            assertTrue(capabilities.getDocumentSymbolProvider().getLeft());
            assertEquals(0, other.shutdownAndExit());
        }
    }

    @Test
    void anErrorTypedIntoTheSpecIsReportedWhereCheckReportsIt() throws Exception {
        // Line 46 of the fixture is "    lock ptl[a];"; the typo puts an unknown lock at 46:10.
        String typo = fixture.replace("  step replace {\n    lock ptl[a];", "  step replace {\n    lock ptlx[a];");
        editor.change(URI, typo);
        PublishDiagnosticsParams published = editor.nextDiagnostics();
        assertEquals(editor.version(), published.getVersion());
        org.eclipse.lsp4j.Diagnostic first = published.getDiagnostics().get(0);
        assertEquals("MM0202", first.getCode().getLeft());
        assertEquals(DiagnosticSeverity.Error, first.getSeverity());
        assertEquals(new Range(spec(46, 10), spec(46, 14)), first.getRange());
        assertEquals("unknown lock 'ptlx'\nhint: did you mean 'ptl'?", first.getMessage());

        // Every diagnostic, not only the first, is check's: same code, place and text.
        List<Diagnostic> check =
                new SpecCompiler().compile("unmap.mmspec", typo).diagnostics();
        assertEquals(check.size(), published.getDiagnostics().size());
        for (int i = 0; i < check.size(); i++) {
            Diagnostic expected = check.get(i);
            org.eclipse.lsp4j.Diagnostic actual = published.getDiagnostics().get(i);
            assertEquals(expected.code(), actual.getCode().getLeft());
            assertEquals(
                    spec(expected.span().line(), expected.span().column()),
                    actual.getRange().getStart());
            assertEquals(
                    spec(expected.span().endLine(), expected.span().endColumn()),
                    actual.getRange().getEnd());
            assertTrue(actual.getMessage().startsWith(expected.message()), actual.getMessage());
        }

        editor.change(URI, fixture);
        assertEquals(List.of(), editor.nextDiagnostics().getDiagnostics(), "mending the typo clears the diagnostics");
    }

    @Test
    void columnsAfterACharacterOutsideTheBmpAreCountedInUtf16Units() throws Exception {
        // The spec's columns count code points; LSP counts UTF-16 units, two for the crab.
        String typo = fixture.replace(
                "  step replace {\n    lock ptl[a];", "  step replace {\n    /* \uD83E\uDD80 */ lock ptlx[a];");
        editor.change(URI, typo);
        org.eclipse.lsp4j.Diagnostic first =
                editor.nextDiagnostics().getDiagnostics().get(0);
        assertEquals("MM0202", first.getCode().getLeft());
        Diagnostic check =
                new SpecCompiler().compile("unmap.mmspec", typo).diagnostics().get(0);
        assertEquals(18, check.span().column(), "code points: 4 spaces, '/* ', the crab, ' */ ', 'lock '");
        assertEquals(new Range(new Position(45, 18), new Position(45, 22)), first.getRange());
    }

    @ParameterizedTest(name = "{0} at {1}:{2} is declared at {3}:{4}")
    @CsvSource({
        "state pte in a require,            27, 13,  6,  7",
        "state pte in a guard,              15,  7,  6,  7",
        "state folio in an invariant,       55, 22,  7,  7",
        "lock ptl in a lock statement,      46, 10, 13,  6",
        "lock ptl in the order,             14, 20, 13,  6",
        "lock folio_lock in an unlock,      40, 12, 12,  6",
        "operation unmap in a task,          9, 15, 24,  4",
        "operation fault in a scenario,     59,  8, 44,  4",
        "step find in a scenario,           58, 21, 26,  8",
        "step clear in a scenario,          60, 21, 31,  8",
        "fix recheck_pte in fixed(),        33, 14, 17,  5",
        "fix recheck_pte after without,     57, 38, 17,  5",
        "invariant in a scenario's expect,  61, 19, 54, 11",
        "local f in an assignment,          28,  5, 25,  7",
        "parameter a in an index,           27, 17, 24, 10",
        "cursor just after a name,          46, 13, 13,  6",
    })
    void goToDefinitionLandsOnTheDeclaredName(String what, int line, int column, int declLine, int declColumn)
            throws Exception {
        var found = editor.server
                .getTextDocumentService()
                .definition(new DefinitionParams(document(URI), spec(line, column)))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .getLeft();
        assertEquals(1, found.size(), what + ": " + found);
        assertEquals(URI, found.get(0).getUri());
        assertEquals(spec(declLine, declColumn), found.get(0).getRange().getStart(), what);
    }

    @Test
    void noDefinitionOutsideANameOrInsideAString() throws Exception {
        for (Position p : List.of(spec(1, 66), spec(8, 1), spec(46, 5))) { // the title's "fault", a blank line, "lock"
            var found = editor.server
                    .getTextDocumentService()
                    .definition(new DefinitionParams(document(URI), p))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .getLeft();
            assertEquals(List.of(), found, "at " + p);
        }
    }

    private List<String> references(int line, int column, boolean withDeclaration) throws Exception {
        ReferenceParams params =
                new ReferenceParams(document(URI), spec(line, column), new ReferenceContext(withDeclaration));
        List<? extends Location> found =
                editor.server.getTextDocumentService().references(params).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return found.stream()
                .map(l -> (l.getRange().getStart().getLine() + 1) + ":"
                        + (l.getRange().getStart().getCharacter() + 1))
                .toList();
    }

    @Test
    void findReferencesListsEveryUseOfALockInFileOrder() throws Exception {
        assertEquals(List.of("13:6", "14:20", "15:17", "32:10", "39:12", "46:10", "50:12"), references(46, 10, true));
        assertEquals(List.of("14:20", "15:17", "32:10", "39:12", "46:10", "50:12"), references(13, 6, false));
    }

    @Test
    void findReferencesOfAStateSkipsTheSameWordAsALockGranularityOrInAString() throws Exception {
        // "per folio" (12:38) is a granularity and the title and descriptions are text, not uses of state folio.
        assertEquals(List.of("7:7", "21:3", "34:40", "37:7", "47:25", "49:5", "55:22"), references(7, 7, true));
    }

    @Test
    void findReferencesOfStepsFixesInvariantsAndOperations() throws Exception {
        assertEquals(List.of("26:8", "58:21"), references(26, 8, true));
        assertEquals(List.of("17:5", "33:14", "57:38"), references(33, 14, true));
        assertEquals(List.of("54:11", "61:19"), references(61, 19, true));
        assertEquals(List.of("10:11", "44:4", "59:8"), references(44, 4, true));
    }

    @Test
    void aLocalIsItsOwnSymbol() throws Exception {
        // f is unmap's local; the scenario's and the invariant's names are elsewhere.
        assertEquals(List.of("25:7", "28:5", "29:21", "34:20", "34:46", "37:13", "40:23"), references(28, 5, true));
    }

    private String hover(int line, int column) throws Exception {
        Hover hover = editor.server
                .getTextDocumentService()
                .hover(new HoverParams(document(URI), spec(line, column)))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(hover, "no hover at " + line + ":" + column);
        return hover.getContents().getRight().getValue();
    }

    @Test
    void hoverOnALockShowsItsKindGranularityPlaceInTheOrderAndWhatItGuards() throws Exception {
        String ptl = hover(46, 10);
        assertTrue(ptl.contains("lock ptl[Addr]: spinlock per pte_table"), ptl);
        assertTrue(ptl.contains("**spinlock**, one per Addr (1 instances), per pte_table"), ptl);
        assertTrue(ptl.contains("rank 1 (0 is outermost); taken after folio_lock; taken before nothing"), ptl);
        assertTrue(ptl.contains("`folio_lock < ptl`"), ptl);
        assertTrue(ptl.contains("guards: pte"), ptl);
        String folioLock = hover(29, 10);
        assertTrue(folioLock.contains("**sleeping**"), folioLock);
        assertTrue(folioLock.contains("rank 0 (0 is outermost); taken after nothing; taken before ptl"), folioLock);
    }

    @Test
    void hoverOnADiagnosticShowsItAndItsExplanation() throws Exception {
        editor.change(
                URI, fixture.replace("  step replace {\n    lock ptl[a];", "  step replace {\n    lock ptlx[a];"));
        editor.nextDiagnostics();
        String text = hover(46, 11);
        assertTrue(text.contains("**error[MM0202]**: unknown lock 'ptlx'"), text);
        assertTrue(text.contains("hint: did you mean 'ptl'?"), text);
        String explanation = Explanations.load().get("MM0202").orElseThrow().text();
        assertTrue(text.contains(explanation), text);
    }

    @Test
    void documentSymbolsAreTheDeclarationsWithStepsUnderTheirOperation() throws Exception {
        var symbols = editor
                .server
                .getTextDocumentService()
                .documentSymbol(new DocumentSymbolParams(document(URI)))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .stream()
                .map(e -> e.getRight())
                .toList();
        assertEquals(
                List.of(
                        "Addr",
                        "Folio",
                        "pte",
                        "folio",
                        "reclaim",
                        "app",
                        "folio_lock",
                        "ptl",
                        "recheck_pte",
                        "unmap",
                        "fault",
                        "referenced_is_mapped",
                        "clear_after_replace"),
                symbols.stream().map(DocumentSymbol::getName).toList());
        DocumentSymbol unmap = symbols.get(9);
        assertEquals(SymbolKind.Function, unmap.getKind());
        assertEquals(
                List.of("find", "clear"),
                unmap.getChildren().stream().map(DocumentSymbol::getName).toList());
        assertEquals(new Range(spec(24, 1), spec(42, 2)), unmap.getRange());
        assertEquals(new Range(spec(24, 4), spec(24, 9)), unmap.getSelectionRange());
        assertEquals(SymbolKind.Key, symbols.get(7).getKind());
    }

    @Test
    void malformedTextGetsDiagnosticsAndNeverCrashesTheServer() throws Exception {
        List<String> malformed = List.of(
                "",
                "spec",
                "spec x \"unterminated",
                "\u0000\u0001\uFFFF garbage {{{ ]]] ;;;",
                fixture.substring(0, fixture.length() / 2),
                fixture.replace("op unmap(a: Addr) {", "op unmap(a: Addr {"),
                "spec deep \"d\"\nconst X = " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + "\n",
                "spec big \"" + "x".repeat(20_000) + "\"\n");
        for (String text : malformed) {
            editor.change(URI, text);
            PublishDiagnosticsParams published = editor.nextDiagnostics();
            assertEquals(editor.version(), published.getVersion());
            if (!text.isEmpty()) {
                assertTrue(
                        published.getDiagnostics().stream().anyMatch(d -> d.getSeverity() == DiagnosticSeverity.Error),
                        "no error for " + text.substring(0, Math.min(40, text.length())));
            }
            // The server still answers; navigation keeps the last text that parsed.
            editor.server
                    .getTextDocumentService()
                    .hover(new HoverParams(document(URI), spec(1, 1)))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            editor.server
                    .getTextDocumentService()
                    .documentSymbol(new DocumentSymbolParams(document(URI)))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), editor.log.stream().toList(), "the server logged a failure");
        // After all that, the fixture still compiles clean and navigates.
        editor.change(URI, fixture);
        assertEquals(List.of(), editor.nextDiagnostics().getDiagnostics());
        assertEquals(List.of("26:8", "58:21"), references(26, 8, true));
    }
}
