package dev.mmspec.lsp;

import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The mmspec language server: each open {@code .mmspec} file is compiled as the user types, with the diagnostics
 * {@code mmspec check} prints, and can be navigated by its names. It never exits the JVM itself: {@link #exitCode()}
 * completes on the protocol's {@code exit}, and the driver (the {@code lsp} command) decides.
 */
public final class SpecLanguageServer implements LanguageServer, LanguageClientAware {
    private volatile LanguageClient client;
    private volatile boolean shutdown;
    private final SpecDocuments documents = new SpecDocuments(() -> client);
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

    @Override
    public void connect(LanguageClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        ServerCapabilities capabilities = new ServerCapabilities();
        capabilities.setTextDocumentSync(TextDocumentSyncKind.Full);
        capabilities.setDefinitionProvider(true);
        capabilities.setReferencesProvider(true);
        capabilities.setHoverProvider(true);
        capabilities.setDocumentSymbolProvider(true);
        return CompletableFuture.completedFuture(new InitializeResult(capabilities, new ServerInfo("mmspec", "0.1.0")));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdown = true;
        return CompletableFuture.completedFuture(null);
    }

    /** The protocol's rule: exit code 0 after a shutdown request, 1 without one. */
    @Override
    public void exit() {
        exitCode.complete(shutdown ? 0 : 1);
    }

    /** Completes when the client sends {@code exit}, or when the connection ends ({@link #disconnected()}). */
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    /** The client went away without {@code exit}: as if it had sent one. */
    public void disconnected() {
        exit();
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return new WorkspaceService() {
            @Override
            public void didChangeConfiguration(DidChangeConfigurationParams params) {
                // no settings yet
            }

            @Override
            public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
                // each spec is one file: open ones are tracked through the editor, others do not matter
            }
        };
    }
}
