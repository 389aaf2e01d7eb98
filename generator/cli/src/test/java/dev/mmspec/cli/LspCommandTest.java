package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmspec lsp} as an editor starts it: a process of its own (the CLI's main class on this module's class path, so
 * the test does not need the shaded jar, which is built after the tests), spoken to over its real stdin and stdout.
 */
class LspCommandTest {

    @Test
    void theLspCommandServesDiagnosticsAndExitsZeroAfterShutdown(@TempDir Path dir) throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "lsp")
                .redirectError(stderr.toFile())
                .start();
        try {
            LinkedBlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
            Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(
                    new LanguageClient() {
                        @Override
                        public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
                            published.add(diagnostics);
                        }

                        @Override
                        public void telemetryEvent(Object object) {}

                        @Override
                        public void showMessage(MessageParams message) {}

                        @Override
                        public CompletableFuture<MessageActionItem> showMessageRequest(
                                ShowMessageRequestParams request) {
                            return CompletableFuture.completedFuture(null);
                        }

                        @Override
                        public void logMessage(MessageParams message) {}
                    },
                    process.getInputStream(),
                    process.getOutputStream());
            launcher.startListening();
            LanguageServer server = launcher.getRemoteProxy();

            InitializeParams init = new InitializeParams();
            init.setCapabilities(new ClientCapabilities());
            var result = server.initialize(init).get(60, TimeUnit.SECONDS);
            assertEquals("mmspec", result.getServerInfo().getName());
            server.initialized(new InitializedParams());

            String text = "spec s \"t\"\ntask t: nop\nlock a: spinlock\nop nop() {\n  step s {\n    lock zz;\n  }\n}\n";
            server.getTextDocumentService()
                    .didOpen(
                            new DidOpenTextDocumentParams(new TextDocumentItem("file:///s.mmspec", "mmspec", 1, text)));
            PublishDiagnosticsParams diagnostics = published.poll(60, TimeUnit.SECONDS);
            assertTrue(diagnostics != null, "no diagnostics from the process; its stderr: " + Files.readString(stderr));
            assertEquals(
                    List.of("MM0202"),
                    diagnostics.getDiagnostics().stream()
                            .map(d -> d.getCode().getLeft())
                            .toList());
            assertEquals(
                    5,
                    diagnostics.getDiagnostics().get(0).getRange().getStart().getLine(),
                    "line 6 of the spec, 0-based");

            server.shutdown().get(60, TimeUnit.SECONDS);
            server.exit();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "mmspec lsp did not exit after exit");
            assertEquals(0, process.exitValue(), Files.readString(stderr));
            assertEquals("", Files.readString(stderr), "the server wrote to stderr");
        } finally {
            process.destroyForcibly();
        }
    }
}
