package dev.mmspec.engine.trace;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.trace.itf.ItfFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a counterexample as every file a reader may want: the line-based trace file ({@code x.trace}, what
 * {@code replay} and regression tests read), the same trace in the Informal Trace Format beside it ({@code x.itf.json},
 * with every state), and optionally the race viewer ({@code x.html}). Each file is written through a temporary file and
 * renamed, so it is whole or absent. Every tool that reports a counterexample (explore, property campaigns, scenarios,
 * the generated tests) writes through here, so none of them lacks the ITF file.
 */
public final class CounterexampleFiles {
    private CounterexampleFiles() {}

    /**
     * @param trace a trace; with its states (replayed) for the ITF file and the viewer
     * @param file the {@code .trace} file to write
     * @param html whether to write the race viewer too
     * @return {@code file}
     */
    public static Path write(Trace trace, ModelInfo info, Path file, boolean html) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        whole(file, TraceFormat.toText(trace, info));
        if (trace.replayed()) {
            whole(ItfFormat.besides(file), ItfFormat.toText(trace, info));
            if (html) {
                whole(htmlBesides(file), dev.mmspec.engine.trace.view.RaceViewer.render(trace, info));
            }
        }
        return file;
    }

    /**
     * @return whether a failing test writes the race viewer beside its trace: {@code -Dmmspec.html} (Maven passes it to
     *     the test JVM), else the Maven plugin's {@code <html>} (see {@link BuildSettings}); true unless set to false
     */
    public static boolean htmlWanted() {
        return Boolean.parseBoolean(BuildSettings.get("mmspec.html", "true"));
    }

    /**
     * @return the line that ends a failure report with the race viewer written beside {@code traceFile} ({@code viewer:
     *     x.html}), or "" when none was written
     */
    public static String viewerLine(Path traceFile) {
        Path viewer = htmlBesides(traceFile);
        return Files.isRegularFile(viewer) ? "viewer: " + viewer.toString().replace('\\', '/') + "\n" : "";
    }

    /** @return the viewer file beside a trace file ({@code x.trace} -> {@code x.html}). */
    public static Path htmlBesides(Path traceFile) {
        String name = traceFile.getFileName().toString();
        String stem = name.endsWith(".trace") ? name.substring(0, name.length() - ".trace".length()) : name;
        return traceFile.resolveSibling(stem + ".html");
    }

    /** Writes {@code text} to {@code file} through a temporary file in its directory. */
    public static void whole(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = newPartialFile(dir, file.getFileName().toString(), text);
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes {@code text} to a new file in {@code dir}, named after {@code name}, this process and the clock. Not
     * {@code Files.createTempFile}: its random name comes from a {@code SecureRandom}, whose first use in a process
     * sets up the security providers (tens of ms of CPU of a short explore). {@code CREATE_NEW}, so two writers never
     * share a file: a name taken already is tried again with a later time.
     */
    private static Path newPartialFile(Path dir, String name, String text) throws IOException {
        String prefix = name + "." + ProcessHandle.current().pid() + ".";
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve(prefix + Long.toHexString(System.nanoTime()) + ".partial");
            try {
                Files.writeString(
                        temp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }
}
