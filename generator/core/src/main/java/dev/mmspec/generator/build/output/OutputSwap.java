package dev.mmspec.generator.build.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The swap of a new output into place, safe against the process dying at any point: a run killed with {@code kill -9}
 * used to leave a partial output that the next run called up to date (1,424 of 2,401 files) and {@code *.staging*}
 * directories. Now:
 *
 * <ol>
 *   <li>the new files are written to {@code NAME.staging-N} beside the output, manifest first;
 *   <li>the old output is renamed to {@code NAME.old-N}, the staging directory to {@code NAME} (two renames: the output
 *       directory is at every moment either whole-old, absent, or whole-new);
 *   <li>from the old output the user's own files are moved back and mmspec's deleted;
 *   <li>only then is the stamp written.
 * </ol>
 *
 * {@link #recover} puts back an old output whose replacement never arrived, finishes step 3 and removes staging
 * directories, deleting nothing that a manifest does not list.
 */
final class OutputSwap {
    private static final String STAGING = ".staging-";
    private static final String OLD = ".old-";

    private final Path output;
    private final Path parent;
    private final String name;
    private final List<String> notes;
    private final SwapHook hook;

    OutputSwap(Path output, List<String> notes, SwapHook hook) {
        this.output = output.toAbsolutePath().normalize();
        this.parent = this.output.getParent();
        this.name = this.output.getFileName().toString();
        this.notes = notes;
        this.hook = hook;
    }

    void replace(Map<String, String> files, String stamp) throws IOException {
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, name + STAGING);
        try {
            Manifest.of(files).write(staging);
            int written = 0;
            for (var f : files.entrySet()) {
                Path target = staging.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
                if (++written == 1) {
                    hook.reached(SwapPoint.STAGING_PARTLY_WRITTEN);
                }
            }
            hook.reached(SwapPoint.STAGED);
            Path old = null;
            if (Files.exists(output)) {
                old = parent.resolve(
                        name + OLD + staging.getFileName().toString().substring(name.length() + STAGING.length()));
                Files.move(output, old, StandardCopyOption.ATOMIC_MOVE);
                hook.reached(SwapPoint.OLD_OUTPUT_RETIRED);
            }
            Files.move(staging, output, StandardCopyOption.ATOMIC_MOVE);
            hook.reached(SwapPoint.NEW_OUTPUT_IN_PLACE);
            if (old != null) {
                mergeBack(old);
            }
            Files.writeString(output.resolve(Manifest.STAMP), stamp, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            recover();
            throw e;
        }
    }

    /** Restores, finishes and cleans up after a swap that did not complete. */
    void recover() throws IOException {
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        for (Path staging : siblings(STAGING)) {
            clearOwned(staging);
        }
        List<Path> olds = siblings(OLD);
        if (!Files.exists(output) && !olds.isEmpty()) {
            Path newest = olds.get(olds.size() - 1);
            Files.move(newest, output, StandardCopyOption.ATOMIC_MOVE);
            notes.add("restored " + output + " from " + newest.getFileName() + ", left by an interrupted run");
            olds = olds.subList(0, olds.size() - 1);
        }
        for (Path old : olds) {
            mergeBack(old);
        }
    }

    /**
     * Moves the files mmspec did not write from the retired output {@code old} into the new output, deletes the ones it
     * did, and removes {@code old} once empty; the manifest goes last, so a run killed in the middle knows the rest on
     * its next start.
     */
    private void mergeBack(Path old) throws IOException {
        Optional<Manifest> manifest = Manifest.read(old);
        List<Path> owned = new ArrayList<>();
        for (Path file : regularFiles(old)) {
            String rel = Manifest.relative(old, file);
            if (manifest.isPresent() && manifest.get().owns(rel)) {
                owned.add(file);
                continue;
            }
            Path target = output.resolve(rel);
            if (Files.exists(target)) {
                notes.add("kept " + file + ": mmspec did not write it and now generates a file of that name");
                continue;
            }
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        }
        // The marker and the stamp go last: until they do, a rerun can tell mmspec's files from the user's.
        owned.sort(Comparator.comparing((Path p) -> p.getParent().equals(old) && isBookkeeping(p)));
        for (Path file : owned) {
            Files.delete(file);
            if (file == owned.get(0)) {
                hook.reached(SwapPoint.OLD_OUTPUT_PARTLY_CLEARED);
            }
        }
        pruneEmptyDirectories(old);
    }

    private static boolean isBookkeeping(Path file) {
        String n = file.getFileName().toString();
        return n.equals(Manifest.FILE) || n.equals(Manifest.STAMP);
    }

    /** Deletes the files a staging directory's manifest lists, then the directory if nothing else is left. */
    private void clearOwned(Path dir) throws IOException {
        Optional<Manifest> manifest = Manifest.read(dir);
        for (Path file : regularFiles(dir)) {
            if (manifest.isPresent()
                    && manifest.get().owns(Manifest.relative(dir, file))
                    && !file.getFileName().toString().equals(Manifest.FILE)) {
                Files.delete(file);
            }
        }
        Files.deleteIfExists(dir.resolve(Manifest.FILE));
        if (pruneEmptyDirectories(dir)) {
            notes.add("removed " + dir.getFileName() + ", the staging directory of an interrupted run");
        }
    }

    /** @return whether {@code root} itself was empty and is gone; a directory with someone's file in it stays */
    private boolean pruneEmptyDirectories(Path root) throws IOException {
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(root)) {
            dirs = walk.filter(Files::isDirectory)
                    .sorted(Comparator.reverseOrder())
                    .toList();
        }
        for (Path dir : dirs) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    continue;
                }
            }
            Files.delete(dir);
        }
        if (Files.exists(root)) {
            notes.add("kept " + root + ": it holds files mmspec did not write");
            return false;
        }
        return true;
    }

    /** @return the siblings {@code NAME<kind>*} of the output, oldest name first */
    private List<Path> siblings(String kind) throws IOException {
        try (Stream<Path> entries = Files.list(parent)) {
            // Only names this class makes (a temporary directory's digits), never a user's "NAME.old-backup".
            return entries.filter(
                            p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(name + kind) + "\\d+")
                                    && Files.isDirectory(p))
                    .sorted(Comparator.comparing((Path p) -> {
                        try {
                            return Files.getLastModifiedTime(p);
                        } catch (IOException e) {
                            return java.nio.file.attribute.FileTime.fromMillis(0);
                        }
                    }))
                    .toList();
        }
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
