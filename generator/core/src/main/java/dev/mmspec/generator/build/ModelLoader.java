package dev.mmspec.generator.build;

import dev.mmspec.contract.model.Model;
import dev.mmspec.generator.emit.GeneratedFile;
import dev.mmspec.generator.emit.SpecGenerator;
import dev.mmspec.generator.ir.Spec;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Turns a checked spec into a running {@link Model} inside this JVM: generates the model class, compiles it in memory
 * with the JDK's compiler, and loads it. This is how the CLI explores specs it has never seen, with the same generated
 * code the build runs.
 */
public final class ModelLoader {

    /** A generated model that javac rejected: a generator bug, reported with the compiler's words. */
    public static final class GenerationBug extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GenerationBug(String message) {
            super(message);
        }
    }

    /**
     * Made on the first compile, not before: it starts a template engine (a few hundred classes), which a run whose
     * models all come from the {@link ModelCache} never needs.
     */
    private SpecGenerator generator;

    /**
     * @return a factory of models of {@code spec}: {@code fixesOff} mask in, model out
     * @throws IllegalStateException when this JVM has no compiler (a JRE, not a JDK)
     * @throws GenerationBug when the generated source does not compile
     */
    public java.util.function.LongFunction<Model> load(Spec spec) {
        return define(compile(spec));
    }

    /**
     * The model class of a spec as javac wrote it: what {@link ModelCache} keeps so that a second run need not generate
     * or compile it again.
     *
     * @param classes class file bytes by binary name (the model and its nested classes)
     */
    public record CompiledModel(String className, Map<String, byte[]> classes) {
        public CompiledModel {
            classes = Map.copyOf(classes);
        }
    }

    /**
     * Generates the model class of {@code spec} and compiles it in memory.
     *
     * @throws IllegalStateException when this JVM has no compiler (a JRE, not a JDK)
     * @throws GenerationBug when the generated source does not compile
     */
    public CompiledModel compile(Spec spec) {
        if (generator == null) {
            generator = new SpecGenerator();
        }
        GeneratedFile file = generator.model(spec);
        String className = SpecGenerator.modelClassOf(spec);
        return new CompiledModel(className, javac(className, file.content()));
    }

    /**
     * Loads compiled model classes into a class loader of their own.
     *
     * @return a factory of models: {@code fixesOff} mask in, model out
     * @throws GenerationBug when the classes do not hold a loadable model with a (long) constructor
     */
    public java.util.function.LongFunction<Model> define(CompiledModel compiled) {
        String className = compiled.className();
        Map<String, byte[]> classes = compiled.classes();
        ClassLoader loader = new ClassLoader(ModelLoader.class.getClassLoader()) {
            // The model's own classes first: asked first, the application's class loader opened and searched its
            // jar for a class it cannot have (a few ms of a warm run). Every other class still comes from the parent.
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!classes.containsKey(name)) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    if (loaded == null) {
                        loaded = findClass(name);
                    }
                    if (resolve) {
                        resolveClass(loaded);
                    }
                    return loaded;
                }
            }

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
            var constructor = loader.loadClass(className).getConstructor(long.class);
            return mask -> {
                try {
                    return (Model) constructor.newInstance(mask);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot instantiate " + className, e);
                }
            };
        } catch (ClassNotFoundException | LinkageError e) {
            throw new GenerationBug("cannot load " + className + ": " + e);
        } catch (NoSuchMethodException e) {
            throw new GenerationBug(className + " has no (long fixesOff) constructor");
        }
    }

    private static Map<String, byte[]> javac(String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException(
                    "this Java runtime has no compiler: run mmspec with a JDK (java " + Runtime.version() + ")");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
        try (InMemory files = new InMemory(standard, classes)) {
            JavaFileObject unit =
                    new SimpleJavaFileObject(
                            URI.create("string:///" + className.replace('.', '/') + ".java"),
                            JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return source;
                        }
                    };
            StringWriter out = new StringWriter();
            List<String> options = List.of(
                    "-classpath", System.getProperty("java.class.path"), "-proc:none", "-nowarn", "--release", "17");
            boolean ok = javac.getTask(out, files, diagnostics, options, null, List.of(unit))
                    .call();
            if (!ok) {
                StringBuilder message = new StringBuilder("generated model " + className + " does not compile:");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        message.append("\n  line ")
                                .append(d.getLineNumber())
                                .append(": ")
                                .append(d.getMessage(null));
                    }
                }
                throw new GenerationBug(message.toString());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("in-memory compilation failed: " + e.getMessage(), e);
        }
        if (!classes.containsKey(className)) {
            throw new GenerationBug("javac produced no class " + className);
        }
        Map<String, byte[]> bytes = new HashMap<>();
        classes.forEach((name, out) -> bytes.put(name, out.toByteArray()));
        return bytes;
    }

    /** Keeps compiled classes in memory instead of writing them to disk. */
    private static final class InMemory extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, ByteArrayOutputStream> classes;

        InMemory(StandardJavaFileManager standard, Map<String, ByteArrayOutputStream> classes) {
            super(standard);
            this.classes = classes;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(
                Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(
                    URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    classes.put(className, out);
                    return out;
                }
            };
        }
    }
}
