package dev.mmspec.cli;

import dev.mmspec.lsp.StdioServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
        name = "lsp",
        description = {
            "Runs the language server on stdin and stdout, for an editor to start: diagnostics as you type,",
            "go to definition, find references, hovers and the outline of .mmspec files (see editors/README.md).",
            "Exit 0 after the editor's shutdown and exit, 1 when it exits or goes away without shutdown."
        })
final class LspCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        // The raw streams: stdout carries the protocol, so nothing else of mmspec may print there.
        return StdioServer.serve(System.in, System.out);
    }
}
