package dev.mmspec.generator.build.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The marker file of a directory mmspec owns, and the list of the files it wrote there with their digests. Its presence
 * is what lets mmspec write into a non-empty directory; its list is all mmspec ever deletes; its digests are how a
 * partial or edited output is told from a complete one.
 *
 * @param files relative path (forward slashes) to the SHA-256 of its content, in writing order
 */
record Manifest(Map<String, String> files) {
    /** The marker's name; a directory holding it was created by mmspec. */
    static final String FILE = ".mmspec-output";

    /** The stamp of the inputs, written into a directory only once its output is complete. */
    static final String STAMP = ".mmspec-stamp";

    private static final String HEADER =
            "# mmspec output directory: mmspec wrote the files below and deletes only these";

    Manifest {
        files = Map.copyOf(files);
    }

    /** @return the manifest of files with these contents, keyed by relative path */
    static Manifest of(Map<String, String> contents) {
        Map<String, String> files = new LinkedHashMap<>();
        contents.forEach((path, text) -> files.put(path, digest(text.getBytes(StandardCharsets.UTF_8))));
        return new Manifest(files);
    }

    /**
     * @return the manifest of {@code dir}; for a directory written by mmspec before manifests existed (a stamp, no
     *     marker: it was replaced as a whole then), every file in it; empty when neither
     */
    static Optional<Manifest> read(Path dir) throws IOException {
        Path marker = dir.resolve(FILE);
        if (Files.isRegularFile(marker)) {
            Map<String, String> files = new LinkedHashMap<>();
            for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                if (space > 0) {
                    files.put(line.substring(space + 1), line.substring(0, space));
                }
            }
            return Optional.of(new Manifest(files));
        }
        if (Files.isRegularFile(dir.resolve(STAMP))) {
            Map<String, String> files = new LinkedHashMap<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    files.put(relative(dir, p), "");
                }
            }
            return Optional.of(new Manifest(files));
        }
        return Optional.empty();
    }

    /** Writes this manifest as {@code dir}'s marker. */
    void write(Path dir) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        files.keySet().stream()
                .sorted()
                .forEach(path ->
                        text.append(files.get(path)).append(' ').append(path).append('\n'));
        Files.writeString(dir.resolve(FILE), text, StandardCharsets.UTF_8);
    }

    /** @return whether {@code path} (relative) is one of mmspec's: a listed file, the marker or the stamp */
    boolean owns(String path) {
        return files.containsKey(path) || path.equals(FILE) || path.equals(STAMP);
    }

    /** @return the listed files that are missing from {@code dir} or differ from what mmspec wrote */
    List<String> damaged(Path dir) throws IOException {
        List<String> damaged = new ArrayList<>();
        for (var e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file) || !digest(Files.readAllBytes(file)).equals(e.getValue())) {
                damaged.add(e.getKey());
            }
        }
        return damaged;
    }

    static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
