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

/**
 * What identifies the generator and the model contract a cached model was compiled with ({@link ModelCache}): the
 * SHA-256 of the code they are loaded from.
 *
 * <p>Computed once, at build time, for the CLI's one jar: the CLI's build runs {@link #main} before it compiles, over
 * the generator and contract it compiles and shades against, and compiles the digest into the class
 * {@value #STAMP_CLASS}, which only the shaded jar carries. A run then loads one small class from the jar its class
 * loader already has open, where reading a resource of the jar opened it a second time ({@code new ZipFile}: 15 to 17
 * ms of every warm {@code explore}), and hashing its 2.8 MB took 0.4 to 1.0 s at JVM start, when SHA-256 still runs
 * interpreted. The stamp is believed only when it is loaded from the single jar that holds both the generator and the
 * contract, the one the build compiled it into; anywhere else (class directories in a build, separate jars, a stamp
 * class from some other jar) the code is hashed at run time, as before.
 */
public final class GeneratorVersion {
    /** The class the build compiles the digest into, as its {@code public static final String} {@value #FIELD}. */
    public static final String STAMP_CLASS = "dev.mmspec.generator.build.GeneratorStamp";

    private static final String FIELD = "DIGEST";
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    private GeneratorVersion() {}

    /**
     * @return the version of the running generator, or empty when its code cannot be read, in which case nothing should
     *     be cached: an entry of unknown provenance is not trusted
     */
    public static Optional<String> current() {
        // No lambda here: on this path of a warm run the first one would spin the JDK's lambda machinery.
        Optional<List<Path>> sources = codeSources();
        return sources.isPresent() ? of(sources.get(), GeneratorVersion.class.getClassLoader()) : Optional.empty();
    }

    /** @return the jars or class directories the generator and the contract are loaded from, if they can be named */
    private static Optional<List<Path>> codeSources() {
        List<Path> sources = new ArrayList<>();
        for (Class<?> type : List.of(ModelLoader.class, Model.class)) {
            Optional<Path> path = location(type);
            if (path.isEmpty()) {
                return Optional.empty();
            }
            if (!sources.contains(path.get())) {
                sources.add(path.get());
            }
        }
        return Optional.of(sources);
    }

    /** @return the jar or class directory {@code type} was loaded from, if it can be named */
    private static Optional<Path> location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * @param sources the jars or class directories the generator and the contract are loaded from
     * @param loader where to look for the {@value #STAMP_CLASS} of a single jar
     * @return the stamp of a single jar that has one, loaded from that very jar, else the digest of every source
     */
    static Optional<String> of(List<Path> sources, ClassLoader loader) {
        try {
            if (sources.size() == 1 && Files.isRegularFile(sources.get(0))) {
                Optional<String> stamp = stamp(sources.get(0), loader);
                if (stamp.isPresent()) {
                    return stamp;
                }
            }
            return Optional.of(digest(sources));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @return the digest {@code loader}'s stamp class holds, if it has a well-formed one and comes from {@code jar} */
    private static Optional<String> stamp(Path jar, ClassLoader loader) {
        Class<?> stamp;
        try {
            stamp = Class.forName(STAMP_CLASS, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        if (!location(stamp).equals(Optional.of(jar))) {
            return Optional.empty(); // a stamp describes only the jar it was compiled into
        }
        try {
            return stamp.getField(FIELD).get(null) instanceof String text
                            && DIGEST.matcher(text).matches()
                    ? Optional.of(text)
                    : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
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
     * The build step (the CLI's pom runs it with {@code exec:java} before it compiles): writes the source of
     * {@value #STAMP_CLASS} holding the digest of the code the generator and the contract are loaded from, here in the
     * build, under the source directory {@code args[0]}. The CLI compiles it, and the shade plugin puts it into the one
     * jar only.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GeneratorVersion SOURCE-DIRECTORY");
        }
        List<Path> sources =
                codeSources().orElseThrow(() -> new IOException("the generator's code could not be found"));
        writeStamp(Path.of(args[0]), sources);
    }

    /**
     * @param sourceDirectory the root of a source tree
     * @param sources the generator's and the contract's jars or class directories
     * @return the source file of {@value #STAMP_CLASS} written under {@code sourceDirectory}, holding the digest of
     *     {@code sources} (never a stamp: the build always hashes)
     */
    static Path writeStamp(Path sourceDirectory, List<Path> sources) throws IOException {
        int dot = STAMP_CLASS.lastIndexOf('.');
        String packageName = STAMP_CLASS.substring(0, dot);
        String simpleName = STAMP_CLASS.substring(dot + 1);
        Path out = sourceDirectory.resolve(packageName.replace('.', '/')).resolve(simpleName + ".java");
        String text = "package " + packageName + ";\n\n"
                + "/** Written by GeneratorVersion at build time:"
                + " the digest of the generator and contract this jar holds. */\n"
                + "public final class " + simpleName + " {\n"
                + "    public static final String " + FIELD + " = \"" + digest(sources) + "\";\n\n"
                + "    private " + simpleName + "() {}\n"
                + "}\n";
        Files.createDirectories(out.getParent());
        // Rewritten only when it changes, so that an unchanged generator leaves the CLI's compilation up to date.
        if (!Files.isRegularFile(out)
                || !Files.readString(out, StandardCharsets.US_ASCII).equals(text)) {
            Files.writeString(out, text, StandardCharsets.US_ASCII);
        }
        return out;
    }
}
