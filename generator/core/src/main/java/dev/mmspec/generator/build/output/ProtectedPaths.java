package dev.mmspec.generator.build.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Directories an output directory must never be, nor contain: the working directory, every input spec's directory, the
 * source roots and the project's base directory. An output that equals or is an ancestor of one of them would have the
 * user's own files replaced by the swap (the report this comes from: {@code generate -o . specs} deleted a whole
 * working directory).
 *
 * @param entries each protected directory with what it is, as the refusal names it
 */
public record ProtectedPaths(List<Entry> entries) {

    /** @param what what the directory is, e.g. "the working directory" */
    public record Entry(Path directory, String what) {}

    public ProtectedPaths {
        entries = List.copyOf(entries);
    }

    /**
     * @return the working directory and the directory of every input (a spec file's parent, or the directory itself)
     */
    public static ProtectedPaths of(Path workingDirectory, List<Path> inputs) {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(workingDirectory, "the working directory"));
        for (Path input : inputs) {
            Path dir = Files.isRegularFile(input) ? input.toAbsolutePath().getParent() : input;
            entries.add(new Entry(dir, "the directory of the input " + input));
        }
        return new ProtectedPaths(entries);
    }

    /**
     * What the command line protects: {@link #of}, plus every Maven-convention source root it can see without a project
     * model ({@code src/main/java}, {@code src/test/resources}, ...) inside the output directory or around it, so
     * {@code -o src/test} is refused as it is by the plugin.
     */
    public static ProtectedPaths forCommandLine(Path workingDirectory, List<Path> inputs, Path output) {
        List<Entry> entries = new ArrayList<>(of(workingDirectory, inputs).entries());
        Path abs = output.toAbsolutePath().normalize();
        for (int i = 0; i < abs.getNameCount(); i++) {
            Path prefix = abs.getRoot().resolve(abs.subpath(0, i + 1));
            if (isConventionalRoot(prefix)) {
                entries.add(new Entry(prefix, "the source root " + prefix));
            }
        }
        if (Files.isDirectory(abs)) {
            try (Stream<Path> walk = Files.walk(abs, 3)) {
                walk.filter(Files::isDirectory)
                        .filter(ProtectedPaths::isConventionalRoot)
                        .forEach(root -> entries.add(new Entry(root, "the source root " + root)));
            } catch (IOException | UncheckedIOException e) {
                // An unreadable subdirectory holds no root we could see; the marker rule still applies.
            }
        }
        return new ProtectedPaths(entries);
    }

    /** @return whether {@code dir} ends in {@code src/main|test/java|resources} */
    private static boolean isConventionalRoot(Path dir) {
        int n = dir.getNameCount();
        return n >= 3
                && dir.getName(n - 3).toString().equals("src")
                && List.of("main", "test").contains(dir.getName(n - 2).toString())
                && List.of("java", "resources").contains(dir.getName(n - 1).toString());
    }

    /** @return these entries and {@code more} */
    public ProtectedPaths and(List<Entry> more) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(more);
        return new ProtectedPaths(all);
    }

    /**
     * @return the first entry that {@code output} equals or contains, if any
     * @throws IOException if a path cannot be resolved to its real location
     */
    Optional<Entry> coveredBy(Path output) throws IOException {
        Path out = real(output);
        for (Entry e : entries) {
            if (real(e.directory()).startsWith(out)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * The absolute, normalized path with symbolic links resolved as far as the path exists, so that {@code out/../spec}
     * and a link to the working directory are recognised.
     */
    static Path real(Path path) throws IOException {
        Path abs = path.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    }
}
