package dev.mmspec.cli.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the reference checkers may spend on one spec. The defaults fit {@code spec/} and the random specs (thousands of
 * states); a spec that needs more says so in {@code src/test/resources/trust/limits.properties}, by the spec's name
 * ({@code anon_exclusive_bench.tlc.workers = 2}), so that the bench specs of 18 M states run under the same oracle.
 *
 * @param tlcSeconds how long TLC may run
 * @param tlcHeapMb TLC's {@code -Xmx}
 * @param tlcWorkers TLC's {@code -workers}: with more than one its counterexample need not be shortest, so a violation
 *     found that way is checked again with one worker
 * @param spinSeconds how long {@code spin -a}, gcc and {@code pan} may each run
 * @param spinMemoryMb SPIN's {@code -DMEMLIM}
 * @param spinDepthFirst search depth-first, with the scratch out of the state vector ({@code -DSCRATCH=hidden}, which
 *     SPIN refuses in a breadth-first search): with full state storage (no {@code -DHC}, no {@code -DBITSTATE}) it
 *     stores every reachable state, the breadth-first count, in a fifth of the memory; its counterexample need not be
 *     shortest, so a violation found that way is searched again breadth-first
 * @param spinHashBits {@code pan -w}: 2^N slots of the hash table (a larger table only saves time)
 * @param spinDepth {@code pan -m}, the depth-first search's stack (a search that reaches it is an error, not a verdict)
 * @param gccOptimization gcc's {@code -O} level for SPIN's verifier: 0 where it searches thousands of states (gcc -O1
 *     takes twice as long on pan.c), 2 for millions
 */
record Limits(
        int tlcSeconds,
        int tlcHeapMb,
        int tlcWorkers,
        int spinSeconds,
        int spinMemoryMb,
        boolean spinDepthFirst,
        int spinHashBits,
        int spinDepth,
        int gccOptimization) {
    /** spec/ and the random specs: five minutes and 512 MB for TLC, 1 GB breadth-first for SPIN. */
    static final Limits DEFAULT = new Limits(300, 512, 1, 900, 1024, false, 20, 10_000, 0);

    private static final String FILE = "/trust/limits.properties";

    /** @return the limits {@code limits.properties} gives {@code spec} (a spec's name), the defaults for the rest */
    static Limits of(String spec) {
        Properties p = new Properties();
        try (InputStream in = Limits.class.getResourceAsStream(FILE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(spec, p);
    }

    static Limits of(String spec, Properties p) {
        Limits d = DEFAULT;
        String search = p.getProperty(spec + ".spin.search", d.spinDepthFirst ? "dfs" : "bfs");
        if (!search.equals("dfs") && !search.equals("bfs")) {
            throw new IllegalArgumentException(FILE + ": " + spec + ".spin.search is dfs or bfs, not " + search);
        }
        return new Limits(
                number(p, spec + ".tlc.seconds", d.tlcSeconds),
                number(p, spec + ".tlc.heap", d.tlcHeapMb),
                number(p, spec + ".tlc.workers", d.tlcWorkers),
                number(p, spec + ".spin.seconds", d.spinSeconds),
                number(p, spec + ".spin.memory", d.spinMemoryMb),
                search.equals("dfs"),
                number(p, spec + ".spin.hash", d.spinHashBits),
                number(p, spec + ".spin.depth", d.spinDepth),
                number(p, spec + ".spin.gcc", d.gccOptimization));
    }

    private static int number(Properties p, String key, int otherwise) {
        String v = p.getProperty(key);
        return v == null ? otherwise : Integer.parseInt(v.strip().replace("_", ""));
    }

    /**
     * @return whether a run under these limits may take gigabytes (more than the defaults give TLC or SPIN): then it
     *     gets the machine to itself, one checker at a time
     */
    boolean big() {
        return tlcHeapMb > DEFAULT.tlcHeapMb || spinMemoryMb > DEFAULT.spinMemoryMb;
    }

    /** @return these limits with breadth-first SPIN, to find the shortest counterexample depth-first search met */
    Limits breadthFirst() {
        return new Limits(
                tlcSeconds,
                tlcHeapMb,
                tlcWorkers,
                spinSeconds,
                spinMemoryMb,
                false,
                spinHashBits,
                spinDepth,
                gccOptimization);
    }

    /** @return these limits with one TLC worker, whose counterexample is shortest */
    Limits oneTlcWorker() {
        return new Limits(
                tlcSeconds,
                tlcHeapMb,
                1,
                spinSeconds,
                spinMemoryMb,
                spinDepthFirst,
                spinHashBits,
                spinDepth,
                gccOptimization);
    }
}
