package dev.mmspec.generator.build;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.output.OutputDirectory;
import dev.mmspec.generator.build.output.OutputRefused;
import dev.mmspec.generator.build.output.ProtectedPaths;
import dev.mmspec.generator.build.output.SwapHook;
import dev.mmspec.generator.diag.Diagnostic;
import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.emit.GeneratedFile;
import dev.mmspec.generator.emit.SpecGenerator;
import dev.mmspec.generator.ir.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One generation of a spec directory into an output directory, as the Maven goal and {@code bin/mmspec generate} run
 * it: claim the output (refused, untouched, when it is not mmspec's to write, see {@link OutputDirectory#claim}),
 * compile every spec, report every diagnostic, and only if there is none, swap the freshly generated tree in
 * ({@link OutputDirectory#replace}: a failed or killed run never leaves half-written sources that look current). A
 * stamp of the inputs, checked together with the manifest of generated files, makes an unchanged, complete directory a
 * no-op.
 */
public final class GenerationRun {

    /**
     * @param diagnostics every diagnostic of every spec
     * @param specs how many spec files were found
     * @param failedSpecs how many had errors
     * @param files how many files were written (0 when up to date or failed)
     * @param upToDate whether the output was already current
     * @param notes what was done to the output besides generating (an interrupted run's leftovers cleaned)
     */
    public record Result(
            List<Diagnostic> diagnostics,
            int specs,
            int failedSpecs,
            int files,
            boolean upToDate,
            List<String> notes) {}

    private final Path specDirectory;
    private final Path outputDirectory;
    private final Path displayBase;
    private final ProtectedPaths protectedPaths;
    private final SwapHook hook;
    private final Set<String> noBinding;

    /** A run that protects the working directory and the spec directory. */
    public GenerationRun(Path specDirectory, Path outputDirectory, Path displayBase) {
        this(
                specDirectory,
                outputDirectory,
                displayBase,
                ProtectedPaths.of(Path.of(""), List.of(specDirectory)),
                SwapHook.NONE);
    }

    /**
     * @param protectedPaths directories the output must not be nor contain (the driver knows its source roots)
     * @param hook called at each point of the output swap; {@link SwapHook#NONE} but in crash tests
     */
    public GenerationRun(
            Path specDirectory, Path outputDirectory, Path displayBase, ProtectedPaths protectedPaths, SwapHook hook) {
        this.specDirectory = specDirectory;
        this.outputDirectory = outputDirectory;
        this.displayBase = displayBase;
        this.protectedPaths = protectedPaths;
        this.hook = hook;
        this.noBinding = Set.of();
    }

    private GenerationRun(GenerationRun run, Set<String> noBinding) {
        this.specDirectory = run.specDirectory;
        this.outputDirectory = run.outputDirectory;
        this.displayBase = run.displayBase;
        this.protectedPaths = run.protectedPaths;
        this.hook = run.hook;
        this.noBinding = Set.copyOf(noBinding);
    }

    /**
     * @param specs names of specs the build says have no binding (the plugin's {@code noBinding}): their runtime suites
     *     are skipped with that reason; a name that is no spec's is an error
     */
    public GenerationRun withNoBinding(Set<String> specs) {
        return new GenerationRun(this, specs);
    }

    /** @throws OutputRefused when the output directory is not one mmspec may write into; nothing is touched then */
    public Result run() throws IOException, OutputRefused {
        OutputDirectory output = OutputDirectory.claim(outputDirectory, protectedPaths);
        List<Path> files = SpecFiles.find(List.of(specDirectory));
        String stamp = stamp(files);
        output.recover();
        if (output.upToDate(stamp)) {
            return new Result(List.of(), files.size(), 0, 0, true, output.notes());
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Spec> specs = new ArrayList<>();
        int failed = 0;
        Map<String, String[]> packages = new HashMap<>(); // package -> {file shown, spec name}
        SpecCompiler compiler = new SpecCompiler();
        for (Path file : files) {
            String shown = SpecFiles.display(file, displayBase);
            CompileResult result = compiler.compile(file, shown);
            diagnostics.addAll(result.diagnostics());
            if (result.spec() == null) {
                failed++;
                continue;
            }
            String pkg = SpecGenerator.packageOf(result.spec());
            String name = result.spec().name();
            String[] other = packages.putIfAbsent(pkg, new String[] {shown, name});
            if (other != null) {
                // The package is the spec name lowercased: AbC and abc would share one directory, and
                // on a case-insensitive file system AbcModel.java and AbCModel.java one file.
                diagnostics.add(Diagnostic.error(
                        shown,
                        result.spec().span(),
                        "MM0201",
                        other[1].equals(name)
                                ? "spec name '" + name + "' is also used by " + other[0]
                                : "spec name '" + name + "' differs from '" + other[1] + "' of " + other[0]
                                        + " only in case: both generate package " + pkg
                                        + ", and their classes would collide on a case-insensitive file system",
                        "give every spec a unique name, unique also ignoring case; it names the generated package"));
                failed++;
                continue;
            }
            specs.add(result.spec());
        }
        List<String> names = specs.stream().map(Spec::name).toList();
        for (String name : new TreeSet<>(noBinding)) {
            if (!names.contains(name)) {
                diagnostics.add(Diagnostic.error(
                        "<noBinding>",
                        Span.NONE,
                        "MM0202",
                        "noBinding names spec '" + name + "', which is not among the specs in "
                                + SpecFiles.display(specDirectory, displayBase),
                        "list spec names as their 'spec NAME' line spells them: " + String.join(", ", names)));
                failed++;
            }
        }
        if (failed > 0) {
            return new Result(diagnostics, files.size(), failed, 0, false, output.notes());
        }
        SpecGenerator generator = new SpecGenerator();
        Map<String, String> generated = new LinkedHashMap<>();
        for (Spec spec : specs) {
            for (GeneratedFile f : generator.generate(spec, noBinding.contains(spec.name()))) {
                generated.put(f.relativePath(), f.content());
            }
        }
        output.replace(generated, stamp, hook);
        return new Result(diagnostics, files.size(), 0, generated.size(), false, output.notes());
    }

    /** A digest of the generator's templates and every spec's path and text. */
    private String stamp(List<Path> files) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(generatorFingerprint());
            md.update(String.join(",", new TreeSet<>(noBinding)).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            for (Path file : files) {
                md.update(SpecFiles.display(file, displayBase).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Files.readAllBytes(file));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The bytes of the generator's own code source, so a new generator regenerates. */
    private static byte[] generatorFingerprint() throws IOException {
        var source = SpecGenerator.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return new byte[0];
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            return new byte[0];
        }
        if (Files.isRegularFile(location)) {
            try (InputStream in = Files.newInputStream(location)) {
                return in.readAllBytes();
            }
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        try (Stream<Path> walk = Files.walk(location)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                md.update(Files.readAllBytes(p));
            }
        }
        return md.digest();
    }
}
