package dev.mmspec.generator.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds spec files: {@code *.mmspec} under the given files and directories, sorted, each once. */
public final class SpecFiles {
    public static final String EXTENSION = ".mmspec";

    private SpecFiles() {}

    /**
     * @return the spec files, in sorted order
     * @throws IOException if a directory cannot be read
     * @throws IllegalArgumentException naming a path that does not exist or is not a spec file
     */
    public static List<Path> find(List<Path> roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(p -> Files.isRegularFile(p)
                                    && p.getFileName().toString().endsWith(EXTENSION))
                            .sorted()
                            .forEach(out::add);
                }
            } else if (Files.isRegularFile(root)) {
                out.add(root);
            } else {
                throw new IllegalArgumentException(root + ": no such file or directory");
            }
        }
        return out.stream().map(Path::normalize).distinct().toList();
    }

    /**
     * @return {@code file} as the user should see it: relative to {@code base} when inside it, with forward slashes.
     */
    public static String display(Path file, Path base) {
        Path abs = file.toAbsolutePath().normalize();
        Path b = base.toAbsolutePath().normalize();
        Path shown = abs.startsWith(b) ? b.relativize(abs) : file.normalize();
        return shown.toString().replace('\\', '/');
    }
}
