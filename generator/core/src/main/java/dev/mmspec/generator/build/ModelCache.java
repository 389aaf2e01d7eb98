package dev.mmspec.generator.build;

import dev.mmspec.generator.build.ModelLoader.CompiledModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Compiled models on disk, so that a second {@code explore} of an unchanged spec skips parsing, checking, generation
 * and javac (about a second of every run) and starts searching at once.
 *
 * <p>An entry belongs to one {@link Key}: the spec file's bytes, the path it is shown as (diagnostics and traces name
 * it) and the generator's version ({@link GeneratorVersion}: the SHA-256 of the code the generator and the contract are
 * loaded from, written into the CLI's jar at build time). The entry's file is named by a 64-bit hash of that identity
 * (CRC-32C and CRC-32), but the name only finds the file: the entry holds the whole identity and is served only when it
 * is byte for byte the one asked for, so two specs whose hashes collide never share a model (the second one is a miss,
 * compiled and written over the first). Any change to the spec or to mmspec is another identity, and old entries are
 * simply never served again. An entry holds the class files javac wrote and the warnings the spec compiled with, so
 * that a run from the cache prints what a compiling run prints. A spec with errors is never stored.
 *
 * <p>Never trusted: an entry ends with the CRC-32C and CRC-32 of everything before it and is read whole and checked
 * before anything in it is used; a truncated, flipped or foreign file is reported as {@link Lookup.Corrupt}, deleted,
 * and the model rebuilt. Entries are written to a temporary file and renamed into place, so a run that dies mid-write
 * leaves no half entry, and two runs writing the same key both leave a whole one.
 *
 * <p>No SHA-256 here: the first {@code MessageDigest} of a process sets up the JDK's security providers, 38 ms of the
 * 107 a warm {@code explore}'s cache lookup took in a class-loading log; the checksums are JVM intrinsics and the
 * identity is compared, not hashed, so nothing relies on a hash being hard to collide.
 */
public final class ModelCache {
    private static final byte[] MAGIC = "mmspec-model\n".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 2;
    private static final int CHECKSUM_BYTES = 8;
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

    /**
     * What an entry is for.
     *
     * @param name the entry's file name: a hash of {@code identity}, which two identities may share
     * @param identity the generator version, displayed path and spec bytes, each after its length: what an entry must
     *     hold, exactly, to be served
     */
    public record Key(String name, byte[] identity) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && name.equals(k.name) && Arrays.equals(identity, k.identity);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** @return the key of the spec whose file holds {@code specBytes}, shown as {@code displayPath} */
    public Key key(String displayPath, byte[] specBytes) {
        ByteArrayOutputStream identity = new ByteArrayOutputStream(specBytes.length + 128);
        for (byte[] part : List.of(
                generatorVersion.getBytes(StandardCharsets.UTF_8),
                displayPath.getBytes(StandardCharsets.UTF_8),
                specBytes)) {
            identity.writeBytes(intBytes(part.length));
            identity.writeBytes(part);
        }
        byte[] bytes = identity.toByteArray();
        return new Key(HexFormat.of().toHexDigits(checksum(bytes, bytes.length)), bytes);
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
    public Lookup read(Key key) {
        Path file = entry(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return new Lookup.Miss();
        } catch (IOException e) {
            return corrupt(file, "unreadable: " + e.getMessage());
        }
        if (bytes.length < MAGIC.length + CHECKSUM_BYTES) {
            return corrupt(file, "truncated to " + bytes.length + " bytes");
        }
        int body = bytes.length - CHECKSUM_BYTES;
        if (checksum(bytes, body)
                != ByteBuffer.wrap(bytes, body, CHECKSUM_BYTES).getLong()) {
            return corrupt(file, "checksum mismatch (" + bytes.length + " bytes)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, body))) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC) || in.readInt() != FORMAT) {
                return corrupt(file, "not an entry of this format");
            }
            // A whole entry of another spec, generator or path whose identity hashes to the same name: not this
            // spec's model, and not damaged either. The compile that follows writes this spec's over it.
            if (!Arrays.equals(in.readNBytes(in.readInt()), key.identity())) {
                return new Lookup.Miss();
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
    public void write(Key key, CompiledModel model, List<String> warnings) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(key.identity().length);
            out.write(key.identity());
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
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, key.name(), ".tmp");
        try {
            try (var out = Files.newOutputStream(temporary)) {
                out.write(body);
                out.write(ByteBuffer.allocate(CHECKSUM_BYTES)
                        .putLong(checksum(body, body.length))
                        .array());
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
    public Path entry(Key key) {
        return directory.resolve(key.name() + SUFFIX);
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

    /**
     * The CRC-32C of the first {@code length} bytes in the high half, their CRC-32 in the low: two different
     * polynomials, each computed by an intrinsic, together 64 bits. Each alone detects every burst of up to 32 flipped
     * bits; a damage both miss is one in 2^64 at random. Not a defence against a file made to collide, which the
     * identity compare (not a hash) is there for.
     */
    private static long checksum(byte[] bytes, int length) {
        CRC32C castagnoli = new CRC32C();
        castagnoli.update(bytes, 0, length);
        CRC32 ieee = new CRC32();
        ieee.update(bytes, 0, length);
        return castagnoli.getValue() << 32 | ieee.getValue();
    }
}
