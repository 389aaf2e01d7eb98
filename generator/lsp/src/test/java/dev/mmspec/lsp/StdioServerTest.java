package dev.mmspec.lsp;

import static dev.mmspec.lsp.EditorSession.TIMEOUT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The protocol's exit codes, which {@code mmspec lsp} returns: an editor restarts a server that died with 1. */
class StdioServerTest {

    @Test
    void shutdownThenExitIsZero() throws Exception {
        try (EditorSession editor = new EditorSession()) {
            editor.initialize();
            assertEquals(0, editor.shutdownAndExit());
        }
    }

    @Test
    void exitWithoutShutdownIsOne() throws Exception {
        try (EditorSession editor = new EditorSession()) {
            editor.initialize();
            editor.server.exit();
            assertEquals(1, editor.exitCode.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
    }

    @Test
    void anEditorThatGoesAwayEndsTheServerWithOne() throws Exception {
        EditorSession editor = new EditorSession();
        editor.initialize();
        editor.close();
        assertEquals(1, editor.exitCode.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
}
