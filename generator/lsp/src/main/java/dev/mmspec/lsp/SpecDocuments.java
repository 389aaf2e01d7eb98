package dev.mmspec.lsp;

import dev.mmspec.generator.AnalysedSpec;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Diagnostic;
import dev.mmspec.generator.docs.Explanations;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * The open specs: recompiled on every change (full text sync; a spec is a few hundred lines and the front end takes
 * milliseconds), their diagnostics published as the compiler's own, and the navigation requests answered from each
 * spec's {@link SymbolIndex}.
 */
final class SpecDocuments implements TextDocumentService {
    private final SpecCompiler compiler = new SpecCompiler();
    private final Hovers hovers = new Hovers(Explanations.load());
    private final Map<String, OpenSpec> open = new ConcurrentHashMap<>();
    private final Supplier<LanguageClient> client;

    SpecDocuments(Supplier<LanguageClient> client) {
        this.client = client;
    }

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        var doc = params.getTextDocument();
        update(doc.getUri(), doc.getVersion(), doc.getText());
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        List<TextDocumentContentChangeEvent> changes = params.getContentChanges();
        if (changes.isEmpty()) {
            return;
        }
        // Full sync (the server's capability): the last change holds the whole text.
        update(
                params.getTextDocument().getUri(),
                params.getTextDocument().getVersion(),
                changes.get(changes.size() - 1).getText());
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        open.remove(uri);
        LanguageClient c = client.get();
        if (c != null) {
            c.publishDiagnostics(new PublishDiagnosticsParams(uri, List.of()));
        }
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // Nothing to do: the text was compiled when it changed.
    }

    private void update(String uri, int version, String text) {
        AnalysedSpec analysed = compiler.analyse(displayPath(uri), text);
        SourceLines lines = new SourceLines(text);
        OpenSpec previous = open.get(uri);
        OpenSpec.Navigation navigation = previous == null ? OpenSpec.Navigation.NONE : previous.navigation();
        if (analysed.ast() != null) {
            try {
                navigation = new OpenSpec.Navigation(
                        analysed.ast(),
                        analysed.analysis(),
                        new IndexBuilder(analysed.ast(), analysed.analysis()).build(),
                        lines);
            } catch (RuntimeException bug) {
                // The editor session outlives a bug in the index: diagnostics still flow, navigation stays as it was.
                log(
                        MessageType.Error,
                        "mmspec lsp: indexing " + uri + " failed: " + bug + " at "
                                + (bug.getStackTrace().length == 0 ? "?" : bug.getStackTrace()[0])
                                + "; please report it with the spec");
            }
        }
        open.put(uri, new OpenSpec(uri, version, lines, analysed, navigation));
        publish(uri, version, analysed, lines);
    }

    private void publish(String uri, int version, AnalysedSpec analysed, SourceLines lines) {
        LanguageClient c = client.get();
        if (c == null) {
            return;
        }
        List<org.eclipse.lsp4j.Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : analysed.result().diagnostics()) {
            org.eclipse.lsp4j.Diagnostic lsp = new org.eclipse.lsp4j.Diagnostic(
                    lines.range(d.span()),
                    d.hint().isEmpty() ? d.message() : d.message() + "\nhint: " + d.hint(),
                    d.isError() ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
                    "mmspec",
                    d.code());
            out.add(lsp);
        }
        c.publishDiagnostics(new PublishDiagnosticsParams(uri, out, version));
    }

    private void log(MessageType type, String message) {
        LanguageClient c = client.get();
        if (c != null) {
            c.logMessage(new MessageParams(type, message));
        }
    }

    /** The file name diagnostics would print; the editor shows them on the file, so only the name matters. */
    private static String displayPath(String uri) {
        try {
            Path file = Path.of(URI.create(uri)).getFileName();
            return file == null ? uri : file.toString();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return uri; // an untitled buffer or another scheme: the URI is name enough
        }
    }

    // ---- requests

    private Optional<Occurrence> occurrenceAt(String uri, Position position) {
        OpenSpec spec = open.get(uri);
        if (spec == null) {
            return Optional.empty();
        }
        OpenSpec.Navigation nav = spec.navigation();
        return nav.index().at(position.getLine() + 1, nav.lines().column(position));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        String uri = params.getTextDocument().getUri();
        List<Location> found = occurrenceAt(uri, params.getPosition())
                .map(o -> List.of(new Location(
                        uri, open.get(uri).navigation().lines().range(o.symbol().name()))))
                .orElse(List.of());
        return CompletableFuture.completedFuture(Either.forLeft(found));
    }

    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
        String uri = params.getTextDocument().getUri();
        Optional<Occurrence> at = occurrenceAt(uri, params.getPosition());
        if (at.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        OpenSpec.Navigation nav = open.get(uri).navigation();
        boolean withDeclaration =
                params.getContext() == null || params.getContext().isIncludeDeclaration();
        List<Location> found = nav.index().of(at.get().symbol()).stream()
                .filter(o -> withDeclaration || !o.declaration())
                .map(o -> new Location(uri, nav.lines().range(o.span())))
                .toList();
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        String uri = params.getTextDocument().getUri();
        OpenSpec spec = open.get(uri);
        if (spec == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<String> parts = new ArrayList<>();
        int line = params.getPosition().getLine() + 1;
        int column = spec.lines().column(params.getPosition());
        for (Diagnostic d : spec.current().result().diagnostics()) {
            if (covers(d, line, column)) {
                parts.add(hovers.diagnostic(d));
            }
        }
        OpenSpec.Navigation nav = spec.navigation();
        Optional<Occurrence> at = nav.index().at(line, nav.lines().column(params.getPosition()));
        Range range = null;
        if (at.isPresent()) {
            parts.add(hovers.symbol(at.get().symbol(), nav.lines(), nav.ast(), nav.analysis()));
            range = nav.lines().range(at.get().span());
        }
        if (parts.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.completedFuture(
                new Hover(new MarkupContent(MarkupKind.MARKDOWN, String.join("\n---\n\n", parts)), range));
    }

    private static boolean covers(Diagnostic d, int line, int column) {
        var s = d.span();
        boolean afterStart = line > s.line() || (line == s.line() && column >= s.column());
        boolean beforeEnd = line < s.endLine() || (line == s.endLine() && column <= s.endColumn());
        return afterStart && beforeEnd;
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(
            DocumentSymbolParams params) {
        OpenSpec spec = open.get(params.getTextDocument().getUri());
        if (spec == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        OpenSpec.Navigation nav = spec.navigation();
        List<Either<SymbolInformation, DocumentSymbol>> out = new ArrayList<>();
        for (Symbol s : nav.index().declared()) {
            if (s.container().isEmpty()) {
                DocumentSymbol symbol = documentSymbol(s, nav.lines());
                List<DocumentSymbol> children = nav.index().members(s).stream()
                        .map(m -> documentSymbol(m, nav.lines()))
                        .toList();
                if (!children.isEmpty()) {
                    symbol.setChildren(children);
                }
                out.add(Either.forRight(symbol));
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    private static DocumentSymbol documentSymbol(Symbol s, SourceLines lines) {
        return new DocumentSymbol(
                s.text(), kind(s.kind()), lines.range(s.declaration()), lines.range(s.name()), s.kind().keyword);
    }

    private static SymbolKind kind(Symbol.Kind kind) {
        return switch (kind) {
            case CONST -> SymbolKind.Constant;
            case DOMAIN -> SymbolKind.TypeParameter;
            case ENUM -> SymbolKind.Enum;
            case ENUM_LITERAL -> SymbolKind.EnumMember;
            case RECORD -> SymbolKind.Struct;
            case STATE -> SymbolKind.Field;
            case TASK -> SymbolKind.Class;
            case LOCK -> SymbolKind.Key;
            case FIX -> SymbolKind.Boolean;
            case OPERATION -> SymbolKind.Function;
            case STEP -> SymbolKind.Method;
            case VARIABLE -> SymbolKind.Variable;
            case INVARIANT -> SymbolKind.Property;
            case SCENARIO -> SymbolKind.Event;
        };
    }
}
