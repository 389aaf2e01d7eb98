package dev.mmspec.generator.build.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory mmspec generates into, and owns: claimed only if it is new, empty or marked as mmspec's
 * ({@link Manifest}), never the working directory, an input's directory, a source root or an ancestor of one. Replacing
 * its content goes through {@link OutputSwap}, which deletes only files mmspec wrote and writes the up-to-date stamp
 * last.
 */
public final class OutputDirectory {
    private final Path path;
    private final List<String> notes = new ArrayList<>();

    private OutputDirectory(Path path) {
        this.path = path;
    }

    /**
     * Checks that mmspec may write into {@code output}; touches nothing.
     *
     * @throws OutputRefused naming the rule {@code output} breaks
     */
    public static OutputDirectory claim(Path output, ProtectedPaths protect) throws OutputRefused, IOException {
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new OutputRefused(
                    "output " + output + " is an existing file, not a directory; name a directory for the"
                            + " generated sources (it is created when missing)");
        }
        Optional<ProtectedPaths.Entry> covered = protect.coveredBy(output);
        if (covered.isPresent()) {
            ProtectedPaths.Entry e = covered.get();
            boolean same = ProtectedPaths.real(e.directory()).equals(ProtectedPaths.real(output));
            throw new OutputRefused("output directory " + output + " is " + (same ? "" : "an ancestor of ") + e.what()
                    + "; mmspec replaces what it generated there, so give it a directory of its own"
                    + " (e.g. target/generated-test-sources/mmspec)");
        }
        if (Files.isDirectory(output)
                && !isEmpty(output)
                && Manifest.read(output).isEmpty()) {
            throw new OutputRefused("output directory " + output + " is not empty and has no " + Manifest.FILE
                    + " marker, so mmspec did not create it; name a new or empty directory, or one mmspec "
                    + "generated into before");
        }
        return new OutputDirectory(output);
    }

    public Path path() {
        return path;
    }

    /** @return what this directory's housekeeping did (a staging directory removed, an interrupted swap finished) */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Finishes or undoes a swap that a killed process left half done; see {@link OutputSwap#recover}. */
    public void recover() throws IOException {
        new OutputSwap(path, notes, SwapHook.NONE).recover();
    }

    /**
     * @return whether the output holds the stamp {@code stamp} and every file its manifest lists, unchanged: a stamp
     *     beside a partial output (a killed swap, a deleted file) is not up to date
     */
    public boolean upToDate(String stamp) throws IOException {
        Path stampFile = path.resolve(Manifest.STAMP);
        if (!Files.isRegularFile(stampFile)
                || !Files.readString(stampFile, StandardCharsets.UTF_8).equals(stamp)
                || !Files.isRegularFile(path.resolve(Manifest.FILE))) {
            return false;
        }
        List<String> damaged = Manifest.read(path).orElseThrow().damaged(path);
        if (!damaged.isEmpty()) {
            notes.add("output " + path + " is incomplete (" + damaged.size() + " generated file"
                    + (damaged.size() == 1 ? "" : "s") + " missing or changed, e.g. " + damaged.get(0)
                    + "): regenerating");
            return false;
        }
        return true;
    }

    /**
     * Replaces mmspec's files in this directory with {@code files} (relative path to content) and stamps it with
     * {@code stamp}; the user's own files in it stay.
     */
    public void replace(Map<String, String> files, String stamp, SwapHook hook) throws IOException {
        new OutputSwap(path, notes, hook).replace(files, stamp);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
