package dev.mmspec.distributed.spark;

import dev.mmspec.contract.model.Model;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compiled model on its way to the executors: the generated class's bytes (the CLI compiled it in
 * memory, so there is no jar to ship) and the fixes switched off. Sent once per job with each task's
 * closure; an executor defines the classes in a class loader of their own.
 *
 * <p>Each executor JVM keeps one loaded class per model ({@link #LOADED}, keyed by the bytes'
 * SHA-256). That is process-wide state, kept on purpose: every level is a new set of tasks, and a
 * class loader per task would make the JIT compile the model's {@code apply} again each level. The
 * key is the content, so two jobs never see each other's model, and nothing in it is ever changed.
 */
final class ShippedModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Constructor<?>> LOADED = new ConcurrentHashMap<>();

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
        Constructor<?> constructor = LOADED.computeIfAbsent(digest, d -> load());
        try {
            return (Model) constructor.newInstance(fixesOff);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot instantiate " + className, e);
        }
    }

    private Constructor<?> load() {
        ClassLoader loader = new ClassLoader(Model.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        try {
            return loader.loadClass(className).getConstructor(long.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("the shipped model " + className + " cannot be loaded: " + e, e);
        }
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
