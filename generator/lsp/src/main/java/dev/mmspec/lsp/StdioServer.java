package dev.mmspec.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/** Runs a {@link SpecLanguageServer} over a pair of streams, the editor's stdin and stdout. */
public final class StdioServer {
    private StdioServer() {}

    /**
     * Serves until the client sends {@code exit} or closes the input.
     *
     * @param out nothing else may write to it: every byte is read as protocol
     * @return the exit code the protocol asks for: 0 after {@code shutdown}, 1 without it
     */
    public static int serve(InputStream in, OutputStream out) throws InterruptedException {
        SpecLanguageServer server = new SpecLanguageServer();
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
        server.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        Thread watcher = new Thread(
                () -> {
                    try {
                        listening.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                        // the connection broke: treated as the end of input
                    }
                    server.disconnected();
                },
                "mmspec-lsp-input");
        watcher.setDaemon(true);
        watcher.start();
        try {
            return server.exitCode().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the exit code is never completed exceptionally", e);
        } finally {
            listening.cancel(true);
        }
    }
}
