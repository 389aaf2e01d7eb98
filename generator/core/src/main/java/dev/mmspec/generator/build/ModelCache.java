package dev.mmspec.generator.build;

import dev.mmspec.generator.build.ModelLoader.CompiledModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Compiled models on disk, so that a second {@code explore} of an unchanged spec skips parsing, checking, generation
 * and javac (about a second of every run) and starts searching at once.
 *
 * <p>An entry is keyed by the SHA-256 of the spec file's bytes, the path it is shown as (diagnostics and traces name
 * it) and the generator's version ({@link GeneratorVersion}: the SHA-256 of the code the generator and the contract are
 * loaded from, written into the CLI's jar at build time): any change to the spec or to mmspec makes a new key, and old
 * entries are simply never read again. An entry holds the class files javac wrote and the warnings the spec compiled
 * with, so that a run from the cache prints what a compiling run prints. A spec with errors is never stored.
 *
 * <p>Never trusted: an entry ends with the SHA-256 of everything before it and is read whole and checked before
 * anything in it is used; a truncated, flipped or foreign file is reported as {@link Lookup.Corrupt}, deleted, and the
 * model rebuilt. Entries are written to a temporary file and renamed into place, so a run that dies mid-write leaves no
 * half entry, and two runs writing the same key both leave a whole one.
 */
public final class ModelCache {
    private static final byte[] MAGIC = "mmspec-model\n".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 1;
    private static final int DIGEST_BYTES = 32;
    private static final String SUFFIX = ".model";

    private final Path directory;
    private final String generatorVersion;

    /**
     * @param directory where entries live (created on the first write)
     * @param generatorVersion what identifies the generator and runtime the entries were compiled with
     *     ({@link #generatorVersion()})
     */
    public ModelCache(Path directory, String generatorVersion) {
        this.directory = directory;
        this.generatorVersion = generatorVersion;
    }

    /** The user's cache directory: {@code $XDG_CACHE_HOME/mmspec/models}, else {@code ~/.cache/mmspec/models}. */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("mmspec").resolve("models");
    }

    /** @return the running generator's version ({@link GeneratorVersion#current()}) */
    public static Optional<String> generatorVersion() {
        return GeneratorVersion.current();
    }

    public Path directory() {
        return directory;
    }

    /** @return the key of the spec whose file holds {@code specBytes}, shown as {@code displayPath} */
    public String key(String displayPath, byte[] specBytes) {
        MessageDigest sha = sha256();
        for (byte[] part : List.of(
                MAGIC,
                generatorVersion.getBytes(StandardCharsets.UTF_8),
                displayPath.getBytes(StandardCharsets.UTF_8),
                specBytes)) {
            sha.update(intBytes(part.length));
            sha.update(part);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** What the cache holds for a key. */
    public sealed interface Lookup {
        /** A whole, checked entry. */
        record Hit(CompiledModel model, List<String> warnings) implements Lookup {}

        /** No entry. */
        record Miss() implements Lookup {}

        /** An entry that failed its checks; it has been deleted. @param reason what was wrong */
        record Corrupt(String reason) implements Lookup {}
    }

    /** Reads and checks the entry of {@code key}; a corrupt entry is deleted before this returns. */
    public Lookup read(String key) {
        Path file = entry(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return new Lookup.Miss();
        } catch (IOException e) {
            return corrupt(file, "unreadable: " + e.getMessage());
        }
        if (bytes.length < MAGIC.length + DIGEST_BYTES) {
            return corrupt(file, "truncated to " + bytes.length + " bytes");
        }
        int body = bytes.length - DIGEST_BYTES;
        MessageDigest sha = sha256();
        sha.update(bytes, 0, body);
        if (!MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(bytes, body, bytes.length))) {
            return corrupt(file, "checksum mismatch (" + bytes.length + " bytes)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, body))) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)
                    || in.readInt() != FORMAT
                    || !in.readUTF().equals(key)) {
                return corrupt(file, "not an entry of this format and key");
            }
            List<String> warnings = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                warnings.add(in.readUTF());
            }
            String className = in.readUTF();
            Map<String, byte[]> classes = new HashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                String name = in.readUTF();
                classes.put(name, in.readNBytes(in.readInt()));
            }
            if (in.available() != 0 || !classes.containsKey(className)) {
                return corrupt(file, "inconsistent contents");
            }
            return new Lookup.Hit(new CompiledModel(className, classes), warnings);
        } catch (IOException | RuntimeException e) {
            return corrupt(file, "unparsable: " + e);
        }
    }

    /**
     * Stores {@code model} under {@code key}: written beside the entry, then renamed over it.
     *
     * @param warnings the spec's diagnostics as rendered, to print again on a hit
     */
    public void write(String key, CompiledModel model, List<String> warnings) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(key);
            out.writeInt(warnings.size());
            for (String warning : warnings) {
                out.writeUTF(warning);
            }
            out.writeUTF(model.className());
            // Sorted, so that one model always gives the same bytes.
            Map<String, byte[]> sorted = new TreeMap<>(model.classes());
            out.writeInt(sorted.size());
            for (Map.Entry<String, byte[]> c : sorted.entrySet()) {
                out.writeUTF(c.getKey());
                out.writeInt(c.getValue().length);
                out.write(c.getValue());
            }
        }
        byte[] body = buffer.toByteArray();
        MessageDigest sha = sha256();
        sha.update(body);
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, key, ".tmp");
        try {
            try (var out = Files.newOutputStream(temporary)) {
                out.write(body);
                out.write(sha.digest());
            }
            try {
                Files.move(temporary, entry(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, entry(key), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** @return the file of {@code key}'s entry */
    public Path entry(String key) {
        return directory.resolve(key + SUFFIX);
    }

    private static Lookup corrupt(Path file, String reason) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Left in place it is checked, and refused, again next time: never trusted either way.
        }
        return new Lookup.Corrupt(file + ": " + reason);
    }

    private static byte[] intBytes(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    private static MessageDigest sha256() {
        return GeneratorVersion.sha256();
    }
}
