package dev.mmspec.cli;

import dev.mmspec.contract.model.Model;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelCache;
import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.build.SpecFiles;
import dev.mmspec.generator.diag.Diagnostic;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The specs named on a command line as models ready to explore: read from the {@link ModelCache} where it holds them,
 * else compiled (every diagnostic printed once), generated, compiled by javac and stored in the cache for the next run.
 * A run from the cache prints the warnings the spec compiled with, so the output does not depend on whether the cache
 * was warm.
 */
final class LoadedModels {
    final List<LongFunction<Model>> models = new ArrayList<>();
    /** The class files of each of {@link #models}, for an engine that ships them to other machines. */
    final List<ModelLoader.CompiledModel> classes = new ArrayList<>();

    int files;
    int errors;
    int fromCache;
    int compiled;
    long loadMillis;

    /**
     * @param cache where compiled models are kept, or null to compile every spec
     * @throws IllegalArgumentException for a path that does not exist (a usage error)
     */
    static LoadedModels load(List<Path> paths, ModelCache cache, PrintWriter err) throws IOException {
        long start = System.nanoTime();
        LoadedModels loaded = new LoadedModels();
        Path cwd = Path.of("").toAbsolutePath();
        SpecCompiler compiler = new SpecCompiler();
        ModelLoader loader = new ModelLoader();
        for (Path file : SpecFiles.find(paths)) {
            loaded.files++;
            loaded.load(file, SpecFiles.display(file, cwd), compiler, loader, cache, err);
        }
        loaded.loadMillis = (System.nanoTime() - start) / 1_000_000;
        return loaded;
    }

    private void load(
            Path file, String display, SpecCompiler compiler, ModelLoader loader, ModelCache cache, PrintWriter err) {
        byte[] bytes;
        String text;
        try {
            bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IOException | SecurityException e) {
            // The compiler turns an unreadable or non-UTF-8 file into its diagnostic.
            report(compiler.compile(file, display), err);
            return;
        }
        ModelCache.Key key = cache == null ? null : cache.key(display, bytes);
        if (key != null) {
            ModelCache.Lookup lookup = cache.read(key);
            if (lookup instanceof ModelCache.Lookup.Hit hit) {
                try {
                    models.add(loader.define(hit.model()));
                    classes.add(hit.model());
                    hit.warnings().forEach(err::println);
                    fromCache++;
                    return;
                } catch (ModelLoader.GenerationBug e) {
                    err.println("mmspec: " + display + ": cached model refused (" + e.getMessage()
                            + "); compiling it again");
                }
            } else if (lookup instanceof ModelCache.Lookup.Corrupt corrupt) {
                err.println(
                        "mmspec: " + display + ": cached model refused (" + corrupt.reason() + "); compiling it again");
            }
        }
        CompileResult result = compiler.compile(display, text);
        List<String> warnings = report(result, err);
        if (result.spec() == null) {
            return;
        }
        ModelLoader.CompiledModel model = loader.compile(result.spec());
        models.add(loader.define(model));
        classes.add(model);
        compiled++;
        if (key != null) {
            try {
                cache.write(key, model, warnings);
            } catch (IOException e) {
                err.println("mmspec: cannot write the model cache under " + cache.directory() + " (" + e
                        + "); the next run compiles again (--no-cache turns the cache off)");
            }
        }
    }

    /** Prints every diagnostic and counts the errors. @return the rendered diagnostics */
    private List<String> report(CompileResult result, PrintWriter err) {
        List<String> rendered = new ArrayList<>();
        for (Diagnostic d : result.diagnostics()) {
            String line = d.render();
            err.println(line);
            rendered.add(line);
            if (d.isError()) {
                errors++;
            }
        }
        return rendered;
    }
}
