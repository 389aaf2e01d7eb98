package dev.mmspec.generator.build;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.diag.Diagnostic;
import dev.mmspec.generator.emit.GeneratedFile;
import dev.mmspec.generator.emit.SpecGenerator;
import dev.mmspec.generator.ir.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One generation of a spec directory into an output directory, as the Maven goal runs it: compile
 * every spec, report every diagnostic, and only if there is none, replace the output directory with
 * the freshly generated tree (so a failed run never leaves half-written sources). A stamp of the
 * inputs makes an unchanged directory a no-op.
 */
public final class GenerationRun {
    private static final String STAMP = ".mmspec-stamp";

    /**
     * @param diagnostics every diagnostic of every spec
     * @param specs how many spec files were found
     * @param failedSpecs how many had errors
     * @param files how many files were written (0 when up to date or failed)
     * @param upToDate whether the output was already current
     */
    public record Result(List<Diagnostic> diagnostics, int specs, int failedSpecs, int files, boolean upToDate) {}

    private final Path specDirectory;
    private final Path outputDirectory;
    private final Path displayBase;

    public GenerationRun(Path specDirectory, Path outputDirectory, Path displayBase) {
        this.specDirectory = specDirectory;
        this.outputDirectory = outputDirectory;
        this.displayBase = displayBase;
    }

    public Result run() throws IOException {
        List<Path> files = SpecFiles.find(List.of(specDirectory));
        String stamp = stamp(files);
        Path stampFile = outputDirectory.resolve(STAMP);
        if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
            return new Result(List.of(), files.size(), 0, 0, true);
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Spec> specs = new ArrayList<>();
        int failed = 0;
        Map<String, String> packages = new HashMap<>();
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
            String other = packages.putIfAbsent(pkg, shown);
            if (other != null) {
                diagnostics.add(Diagnostic.error(shown, result.spec().span(), "MM0201",
                        "spec name '" + result.spec().name() + "' is also used by " + other,
                        "give every spec a unique name; it names the generated package"));
                failed++;
                continue;
            }
            specs.add(result.spec());
        }
        if (failed > 0) {
            return new Result(diagnostics, files.size(), failed, 0, false);
        }
        SpecGenerator generator = new SpecGenerator();
        List<GeneratedFile> generated = new ArrayList<>();
        for (Spec spec : specs) {
            generated.addAll(generator.generate(spec));
        }
        replaceOutput(generated, stamp);
        return new Result(diagnostics, files.size(), 0, generated.size(), false);
    }

    /** Writes everything into a sibling directory first, then swaps it in. */
    private void replaceOutput(List<GeneratedFile> generated, String stamp) throws IOException {
        Path parent = outputDirectory.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, outputDirectory.getFileName() + ".staging");
        try {
            for (GeneratedFile f : generated) {
                Path target = staging.resolve(f.relativePath());
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.content(), StandardCharsets.UTF_8);
            }
            Files.writeString(staging.resolve(STAMP), stamp, StandardCharsets.UTF_8);
            deleteTree(outputDirectory);
            Files.move(staging, outputDirectory, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A digest of the generator's templates and every spec's path and text. */
    private String stamp(List<Path> files) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(generatorFingerprint());
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
