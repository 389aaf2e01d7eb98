package dev.mmspec.generator.emit;

import dev.mmspec.contract.model.Model;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.ir.Spec;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Every file generated from a spec, compiled together in memory as the user's build would compile them: what javac
 * says, and which classes it wrote. Tests use it to show that whatever the front end accepts the back end turns into
 * Java that compiles, and into no class the spec does not imply.
 */
final class GeneratedSources {
    final Spec spec;
    final List<GeneratedFile> files;
    /** Binary class name → class file bytes, in name order. */
    final Map<String, byte[]> classes = new TreeMap<>();

    final List<String> errors = new ArrayList<>();

    private GeneratedSources(Spec spec) {
        this.spec = spec;
        this.files = new SpecGenerator().generate(spec);
        compile();
    }

    /** @return the spec text compiled by the front end, then generated and compiled; fails on any diagnostic. */
    static GeneratedSources of(String path, String specText) {
        CompileResult result = new SpecCompiler().compile(path, specText);
        if (result.spec() == null) {
            throw new AssertionError("the front end rejects the fixture: " + result.diagnostics());
        }
        return new GeneratedSources(result.spec());
    }

    boolean compiles() {
        return errors.isEmpty();
    }

    /** @return the file whose name ends with {@code suffix} ({@code "Model.java"}). */
    String source(String suffix) {
        return files.stream()
                .filter(f -> f.relativePath().endsWith(suffix))
                .findFirst()
                .orElseThrow()
                .content();
    }

    /** @return the model with {@code fixesOff}, loaded from the compiled classes. */
    Model model(long fixesOff) {
        String name = SpecGenerator.modelClassOf(spec);
        ClassLoader loader = new ClassLoader(GeneratedSources.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String className) throws ClassNotFoundException {
                byte[] b = classes.get(className);
                if (b == null) {
                    throw new ClassNotFoundException(className);
                }
                return defineClass(className, b, 0, b.length);
            }
        };
        try {
            return (Model) loader.loadClass(name).getConstructor(long.class).newInstance(fixesOff);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot load " + name + ": " + e, e);
        }
    }

    private void compile() {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
        List<JavaFileObject> units = new ArrayList<>();
        for (GeneratedFile f : files) {
            units.add(
                    new SimpleJavaFileObject(URI.create("string:///" + f.relativePath()), JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return f.content();
                        }
                    });
        }
        try (var out = new ForwardingJavaFileManager<StandardJavaFileManager>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(
                        URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                classes.put(className, toByteArray());
                            }
                        };
                    }
                };
            }
        }) {
            List<String> options = List.of(
                    "-classpath", System.getProperty("java.class.path"), "-proc:none", "-nowarn", "--release", "17");
            javac.getTask(new StringWriter(), out, diagnostics, options, null, units)
                    .call();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null));
            }
        }
    }
}
