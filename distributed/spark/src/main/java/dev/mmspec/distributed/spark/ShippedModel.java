package dev.mmspec.distributed.spark;

import dev.mmspec.contract.model.Model;
import dev.mmspec.generator.build.ModelLoader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * A compiled model on its way to the executors: the generated class's bytes (the CLI compiled it in memory, so there is
 * no jar to ship) and the fixes switched off. Sent with each task's closure; an executor defines the classes in a class
 * loader of their own, as the CLI does ({@link ModelLoader#define}).
 *
 * <p>Each executor JVM keeps one loaded class per model ({@link #LOADED}, keyed by the bytes' SHA-256). That is
 * process-wide state, kept on purpose: every level is a new set of tasks, and a class loader per task would make the
 * JIT compile the model's {@code apply} again each level. The key is the content, so two jobs never see each other's
 * model, and nothing in it is ever changed.
 */
final class ShippedModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, LongFunction<Model>> LOADED = new ConcurrentHashMap<>();

    private final String className;
    private final HashMap<String, byte[]> classes;
    private final long fixesOff;
    /** SHA-256 of the class bytes and the fixes: the key of the executor's class cache and of checkpoints. */
    private final String digest;

    ShippedModel(String className, Map<String, byte[]> classes, long fixesOff) {
        this.className = className;
        this.classes = new HashMap<>(classes);
        this.fixesOff = fixesOff;
        this.digest = digest(className, classes, fixesOff);
    }

    String digest() {
        return digest;
    }

    long fixesOff() {
        return fixesOff;
    }

    /** @return a new instance of the model (one per task: instances keep scratch state) */
    Model instantiate() {
        return LOADED.computeIfAbsent(
                        digest, d -> new ModelLoader().define(new ModelLoader.CompiledModel(className, classes)))
                .apply(fixesOff);
    }

    private static String digest(String className, Map<String, byte[]> classes, long fixesOff) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(className.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> e : new TreeMap<>(classes).entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update(e.getValue());
            }
            sha.update(Long.toString(fixesOff).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
