package dev.mmspec.lsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * An editor as the tests play it: LSP4J's own client launcher, talking JSON-RPC to a server over in-memory pipes,
 * recording what the server publishes. The server side runs {@link StdioServer}, the code {@code mmspec lsp} runs, so
 * its exit code is the command's.
 */
final class EditorSession implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 20;

    final LinkedBlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<MessageParams> log = new LinkedBlockingQueue<>();
    final LanguageServer server;
    final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final OutputStream toServer;
    private int version = 1;

    EditorSession() {
        try {
            PipedInputStream serverIn = new PipedInputStream(1 << 16);
            toServer = new PipedOutputStream(serverIn);
            PipedInputStream clientIn = new PipedInputStream(1 << 16);
            PipedOutputStream serverOut = new PipedOutputStream(clientIn);
            Thread serving = new Thread(
                    () -> {
                        try {
                            exitCode.complete(StdioServer.serve(serverIn, serverOut));
                        } catch (InterruptedException | RuntimeException e) {
                            exitCode.completeExceptionally(e);
                        }
                    },
                    "test-lsp-server");
            serving.setDaemon(true);
            serving.start();
            Launcher<LanguageServer> launcher =
                    LSPLauncher.createClientLauncher(new RecordingClient(), clientIn, toServer);
            launcher.startListening();
            server = launcher.getRemoteProxy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InitializeResult initialize() throws Exception {
        InitializeParams params = new InitializeParams();
        params.setCapabilities(new ClientCapabilities());
        return server.initialize(params).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    void open(String uri, String text) {
        server.getTextDocumentService()
                .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "mmspec", version, text)));
    }

    void change(String uri, String text) {
        version++;
        server.getTextDocumentService()
                .didChange(new DidChangeTextDocumentParams(
                        new VersionedTextDocumentIdentifier(uri, version),
                        List.of(new TextDocumentContentChangeEvent(text))));
    }

    int version() {
        return version;
    }

    /** @return the next diagnostics the server publishes, waiting for them */
    PublishDiagnosticsParams nextDiagnostics() throws InterruptedException {
        PublishDiagnosticsParams next = diagnostics.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the server published no diagnostics within " + TIMEOUT_SECONDS + " s");
        }
        return next;
    }

    static TextDocumentIdentifier document(String uri) {
        return new TextDocumentIdentifier(uri);
    }

    /** A place as a spec diagnostic gives it (1-based line and column), as the protocol wants it (0-based). */
    static Position spec(int line, int column) {
        return new Position(line - 1, column - 1);
    }

    /** Shuts the server down and exits, as an editor does when it closes. */
    int shutdownAndExit() throws Exception {
        server.shutdown().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        server.exit();
        return exitCode.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        toServer.close();
    }

    private final class RecordingClient implements LanguageClient {
        @Override
        public void publishDiagnostics(PublishDiagnosticsParams params) {
            diagnostics.add(params);
        }

        @Override
        public void logMessage(MessageParams message) {
            log.add(message);
        }

        @Override
        public void showMessage(MessageParams message) {
            log.add(message);
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams request) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void telemetryEvent(Object object) {}
    }

    static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
