package dev.mmspec.cli.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLC and SPIN, run on exported files as separate processes (TLC keeps static state; SPIN writes a C verifier that gcc
 * compiles). Both search breadth-first, so their counterexamples are shortest.
 *
 * <p>How the counts line up with the explorer's (run without partial-order reduction, without symmetry): TLC's distinct
 * states are the explorer's, and its "states generated" are the explorer's transitions plus the one initial state. SPIN
 * stores one more state (the one before its init d_step) and takes self-loops for disabled steps, so only its nominal
 * states are compared; its shortest violation is reported at the depth of the explorer's trace length, a deadlock (an
 * invalid end state) deeper by the number the export states.
 */
final class ReferenceCheckers {
    private static final Pattern TLC_COUNTS = Pattern.compile("(\\d+) states generated, (\\d+) distinct states found");
    private static final Pattern TLC_STATE = Pattern.compile("^State (\\d+):", Pattern.MULTILINE);
    /** The states outside atomic sequences (the deadlock probe's are inside one). */
    private static final Pattern SPIN_STORED = Pattern.compile("(\\d+) nominal states \\(stored-atomic\\)");
    /** Depth-first, pan stores no state inside an atomic sequence and prints no nominal count: all it stores. */
    private static final Pattern SPIN_STORED_DFS = Pattern.compile("(\\d+) states, stored");

    private static final Pattern SPIN_DEADLOCK_DEPTH = Pattern.compile("mmspec-deadlock-depth (\\d+)");
    private static final Pattern SPIN_DEPTH = Pattern.compile("\\(at depth (\\d+)\\)");
    private static final Pattern SPIN_ERRORS = Pattern.compile("errors: (\\d+)");

    private final Path work;

    ReferenceCheckers(Path work) {
        this.work = work;
    }

    /**
     * @return whether SPIN and a C compiler are on the PATH (CI installs them; a developer machine may not have them).
     */
    static boolean spinAvailable() {
        return onPath("spin") && onPath("gcc");
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * TLC on {@code module} (text of {@code name}.tla) with its configuration, within the spec's {@link Limits}; with
     * several workers a violation is checked again with one, whose counterexample is shortest.
     */
    Verdict tlc(String name, String module, String config) throws IOException, InterruptedException {
        return tlc(name, module, config, Limits.of(name));
    }

    Verdict tlc(String name, String module, String config, Limits limits) throws IOException, InterruptedException {
        Verdict v = tlcRun(name, module, config, limits);
        if (!v.holds() && limits.tlcWorkers() > 1) {
            return tlcRun(name, module, config, limits.oneTlcWorker());
        }
        return v;
    }

    private Verdict tlcRun(String name, String module, String config, Limits limits)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(work, "tlc-" + name + "-");
        Files.writeString(dir.resolve(name + ".tla"), module, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name + ".cfg"), config, StandardCharsets.UTF_8);
        String jar = Path.of(tlcJar()).toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // TLC unpacks its standard modules (Integers.tla, ...) into java.io.tmpdir: with one shared /tmp, two TLC
        // runs at once (two builds on one machine) rewrite each other's files mid-parse. Each run gets its own.
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Djava.io.tmpdir=" + tmp,
                "-Xmx" + limits.tlcHeapMb() + "m",
                // One worker: the serial collector costs least. Several: a collector that runs beside them.
                limits.tlcWorkers() > 1 ? "-XX:+UseParallelGC" : "-XX:+UseSerialGC"));
        if (!limits.big()) {
            // A run of a second or two is mostly JVM start and parsing: the first JIT tier alone halves its CPU
            // (anon_exclusive, 81 states: 0.82 s user against 1.50 s). A big spec needs the optimising compiler.
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(List.of(
                "-cp",
                jar,
                "tlc2.TLC",
                "-workers",
                Integer.toString(limits.tlcWorkers()),
                "-deadlock",
                "-metadir",
                dir.resolve("states").toString(),
                name));
        String out = run(dir, command, limits.tlcSeconds());
        Matcher counts = TLC_COUNTS.matcher(out);
        long generated = -1;
        long distinct = -1;
        while (counts.find()) {
            generated = Long.parseLong(counts.group(1));
            distinct = Long.parseLong(counts.group(2));
        }
        if (out.contains("Model checking completed. No error has been found.")) {
            return new Verdict(
                    "TLC" + (limits.tlcWorkers() > 1 ? " -workers " + limits.tlcWorkers() : ""),
                    true,
                    distinct,
                    generated - 1,
                    -1);
        }
        if (!out.contains("Error:") || distinct < 0) {
            throw new IllegalStateException("TLC gave no verdict on " + name + ":\n" + out);
        }
        int last = 0;
        Matcher state = TLC_STATE.matcher(out);
        while (state.find()) {
            last = Math.max(last, Integer.parseInt(state.group(1)));
        }
        if (last == 0) {
            throw new IllegalStateException("TLC found an error but printed no trace on " + name + ":\n" + out);
        }
        // TLC numbers the states of its trace from 1 (the initial state): steps are one fewer.
        return new Verdict(
                "TLC" + (limits.tlcWorkers() > 1 ? " -workers " + limits.tlcWorkers() : ""),
                false,
                -1,
                -1,
                last - 1,
                out.contains("Invariant NoDeadlock is violated"));
    }

    /** SPIN on {@code model} within the spec's {@link Limits}, the named fixes switched off by the preprocessor. */
    Verdict spin(String name, String model, Set<String> fixesOff) throws IOException, InterruptedException {
        return spin(name, model, fixesOff, Limits.of(name));
    }

    /**
     * SPIN's breadth-first search on {@code model}, or its depth-first one where the limits say so; a violation found
     * depth-first is searched again breadth-first for the shortest counterexample.
     */
    Verdict spin(String name, String model, Set<String> fixesOff, Limits limits)
            throws IOException, InterruptedException {
        Verdict v = spinRun(name, model, fixesOff, limits);
        if (!v.holds() && limits.spinDepthFirst()) {
            return spinRun(name, model, fixesOff, limits.breadthFirst());
        }
        return v;
    }

    private Verdict spinRun(String name, String model, Set<String> fixesOff, Limits limits)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(work, "spin-" + name + "-");
        Files.writeString(dir.resolve(name + ".pml"), model, StandardCharsets.UTF_8);
        boolean dfs = limits.spinDepthFirst();
        // -o1 -o2 -o3: no dataflow, dead-variable or merging optimisation. They change no nominal state
        // or verdict depth here (every transition is one d_step, every variable global) and spin -a takes
        // a seventh of the time without them on the longer random specs (2 s against 15 s).
        List<String> spin = new ArrayList<>(List.of("spin", "-a", "-o1", "-o2", "-o3"));
        if (dfs) {
            // The step's scratch (0 between transitions) out of the state vector: 156 bytes a state of the 18 M-state
            // bench spec instead of 890. SPIN allows hidden variables in a depth-first search only.
            spin.add("-DSCRATCH=hidden");
        }
        fixesOff.forEach(f -> spin.add("-DFix_" + f + "=0"));
        spin.add(name + ".pml");
        run(dir, spin, limits.spinSeconds());
        List<String> gcc = new ArrayList<>(List.of("gcc", "-O" + limits.gccOptimization(), "-w"));
        if (!dfs) {
            gcc.add("-DBFS");
        }
        gcc.addAll(List.of(
                "-DSAFETY",
                "-DNOCLAIM",
                "-DMEMLIM=" + limits.spinMemoryMb(),
                "-DVECTORSZ=65536",
                "-o",
                "pan",
                "pan.c"));
        run(dir, gcc, limits.spinSeconds());
        List<String> pan = new ArrayList<>(List.of("./pan", "-w" + limits.spinHashBits()));
        if (dfs) {
            pan.add("-m" + limits.spinDepth());
        }
        String out = run(dir, pan, limits.spinSeconds());
        String tool = dfs ? "SPIN depth-first" : "SPIN";
        if (out.contains("-DMEMLIM bound") || out.contains("out of memory")) {
            // pan stops where it is, and may still print "errors: 0" over the states it stored.
            throw new IllegalStateException("SPIN ran out of its " + limits.spinMemoryMb() + " MB on " + name
                    + " (raise " + name + ".spin.memory in trust/limits.properties):\n" + out);
        }
        if (out.contains("max search depth too small")) {
            // The states below the cut were not searched: no verdict, and no count.
            throw new IllegalStateException("SPIN's depth-first search reached -m" + limits.spinDepth() + " on " + name
                    + " (raise " + name + ".spin.depth in trust/limits.properties):\n" + out);
        }
        Matcher stored = (dfs ? SPIN_STORED_DFS : SPIN_STORED).matcher(out);
        Matcher errors = SPIN_ERRORS.matcher(out);
        if (!stored.find() || !errors.find()) {
            throw new IllegalStateException("SPIN gave no verdict on " + name + ":\n" + out);
        }
        if (Integer.parseInt(errors.group(1)) == 0) {
            // One state more than the explorer: the one before the init d_step runs.
            return new Verdict(tool, true, Long.parseLong(stored.group(1)) - 1, -1, -1);
        }
        Matcher depth = SPIN_DEPTH.matcher(out);
        // Only an assertion or an invalid end state is a verdict: "VECTORSZ too small", an index out of bounds or
        // memory are SPIN giving up.
        if (!(out.contains("assertion violated") || out.contains("pan:1: invalid end state")) || !depth.find()) {
            throw new IllegalStateException("SPIN found an error at no depth on " + name + ":\n" + out);
        }
        int at = Integer.parseInt(depth.group(1));
        boolean deadlock = out.contains("pan:1: invalid end state");
        if (deadlock) {
            at -= deadlockDepth(name, model);
        }
        return new Verdict(tool, false, -1, -1, at, deadlock);
    }

    /** @return how many levels deeper than its steps SPIN reports a deadlock in this export (its header says). */
    static int deadlockDepth(String name, String model) {
        Matcher offset = SPIN_DEADLOCK_DEPTH.matcher(model);
        if (!offset.find()) {
            throw new IllegalStateException("the export of " + name + " does not say how deep SPIN reports a deadlock");
        }
        return Integer.parseInt(offset.group(1));
    }

    private static String tlcJar() {
        try {
            return Path.of(tlc2.TLC
                            .class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String run(Path dir, List<String> command, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path log = dir.resolve("out-" + command.get(0).replaceAll("[^a-z]", "") + ".txt");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        boolean ended;
        try {
            ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            // The oracle stops the other runs when one fails: their processes go too.
            p.destroyForcibly();
            throw e;
        }
        if (!ended) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " ran past " + timeoutSeconds + " s in " + dir);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0
                && !command.get(0).endsWith("java")
                && !command.get(0).equals("./pan")) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed (" + p.exitValue() + ") in " + dir + ":\n" + out);
        }
        return out;
    }
}
