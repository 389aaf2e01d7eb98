package dev.mmspec.generator.build;

import dev.mmspec.contract.model.Model;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What identifies the generator and the model contract a cached model was compiled with ({@link ModelCache}): the
 * SHA-256 of the code they are loaded from.
 *
 * <p>Computed once, at build time, for the CLI's one jar: the build runs {@link #main} before the jar is shaded and the
 * jar carries the digest as {@link #STAMP}, so a run reads 64 bytes instead of hashing 2.8 MB (0.4 to 1.0 s at JVM
 * start, when SHA-256 still runs interpreted). The stamp is believed only inside the single jar that holds both the
 * generator and the contract, the one the build wrote it into; anywhere else (class directories in a build, separate
 * jars) the code is hashed at run time, as before.
 */
public final class GeneratorVersion {
    /** Where the shaded jar holds the build-time digest. */
    public static final String STAMP = "META-INF/mmspec/generator-version";

    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    private GeneratorVersion() {}

    /**
     * @return the version of the running generator, or empty when its code cannot be read, in which case nothing should
     *     be cached: an entry of unknown provenance is not trusted
     */
    public static Optional<String> current() {
        List<Path> sources = new ArrayList<>();
        for (Class<?> type : List.of(ModelLoader.class, Model.class)) {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            try {
                Path path = Path.of(source.getLocation().toURI());
                if (!sources.contains(path)) {
                    sources.add(path);
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return of(sources);
    }

    /**
     * @param sources the jars or class directories the generator and the contract are loaded from
     * @return the {@link #STAMP} of a single jar that has one, else the digest of every source
     */
    public static Optional<String> of(List<Path> sources) {
        try {
            if (sources.size() == 1 && Files.isRegularFile(sources.get(0))) {
                Optional<String> stamp = stamp(sources.get(0));
                if (stamp.isPresent()) {
                    return stamp;
                }
            }
            return Optional.of(digest(sources));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @return the jar's stamp, if it has a well-formed one */
    private static Optional<String> stamp(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(STAMP);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(entry)) {
                String text = new String(in.readNBytes(128), StandardCharsets.US_ASCII).trim();
                return DIGEST.matcher(text).matches() ? Optional.of(text) : Optional.empty();
            }
        }
    }

    /** The SHA-256 of each source: a jar's bytes, or every file under a directory (sorted, with its relative name). */
    static String digest(List<Path> sources) throws IOException {
        MessageDigest sha = sha256();
        for (Path source : sources) {
            if (Files.isRegularFile(source)) {
                digestFile(sha, source);
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(source)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                sha.update(source.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                digestFile(sha, file);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void digestFile(MessageDigest sha, Path file) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /**
     * The build step (the CLI's pom runs it with {@code exec:java} before shading): writes the digest of the code the
     * generator and the contract are loaded from, here in the build, to the file {@code args[0]}, which the shade
     * plugin puts into the jar as {@link #STAMP}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GeneratorVersion STAMP-FILE");
        }
        String version = current().orElseThrow(() -> new IOException("the generator's code could not be read"));
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, version + "\n", StandardCharsets.US_ASCII);
    }
}
