package dev.mmspec.bench;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The parallel overhead of the checking search, in CPU time rather than wall time, so that it can be measured on a
 * machine other jobs share: every round runs each configuration once in this JVM (1 and 2 workers, shared table and
 * partitioned), and the CPU time the process spent on each run is compared. CPU(2 workers) / CPU(1 worker) is the
 * overhead factor: 2 cores give at most 2 / factor times the speed of one, reached when nothing else runs.
 * {@link ScalingBenchmark} (JMH) measures the wall time itself, on a quiet machine.
 *
 * <pre>java -Xmx8g -Xss8m -cp bench/target/benchmarks.jar dev.mmspec.bench.ScalingCpu [spec] [states] [rounds]</pre>
 */
public final class ScalingCpu {
    private ScalingCpu() {}

    private record Setting(int workers, boolean partitioned) {
        String name() {
            return workers + (workers == 1 ? " worker " : " workers") + (partitioned ? " partitioned" : " shared     ");
        }
    }

    public static void main(String[] args) {
        String spec = args.length > 0 ? args[0] : "bench/specs/anon_exclusive_bench.mmspec";
        long states = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Model model = BenchModels.load(spec);
        List<Setting> settings =
                List.of(new Setting(1, true), new Setting(2, true), new Setting(1, false), new Setting(2, false));
        // One round first to warm the JIT up, not counted.
        long[][] cpu = new long[settings.size()][rounds];
        long[][] wall = new long[settings.size()][rounds];
        long distinct = -1;
        for (int round = -1; round < rounds; round++) {
            for (int s = 0; s < settings.size(); s++) {
                Setting setting = settings.get(s);
                ExplorerConfig config = ExplorerConfig.defaults()
                        .withWorkers(setting.workers())
                        .withPartitioned(setting.partitioned())
                        .withMaxStates(states);
                System.gc();
                long cpuBefore = processCpuNanos();
                long wallBefore = System.nanoTime();
                ExplorationResult result = new Explorer(model, config).explore();
                long cpuNanos = processCpuNanos() - cpuBefore;
                long wallNanos = System.nanoTime() - wallBefore;
                if (distinct >= 0 && result.distinctStates() != distinct && states == Long.MAX_VALUE) {
                    throw new IllegalStateException(
                            setting.name() + " found " + result.distinctStates() + " states, not " + distinct);
                }
                distinct = result.distinctStates();
                System.out.printf(
                        Locale.ROOT,
                        "%s %-24s %,12d states  cpu %7.2f s  wall %7.2f s%n",
                        round < 0 ? "warm-up " : "round " + round,
                        setting.name(),
                        result.distinctStates(),
                        cpuNanos / 1e9,
                        wallNanos / 1e9);
                if (round >= 0) {
                    cpu[s][round] = cpuNanos;
                    wall[s][round] = wallNanos;
                }
            }
        }
        System.out.println("median over " + rounds + " rounds (cpu: user + sys of the whole process):");
        for (int s = 0; s < settings.size(); s++) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-24s cpu %7.2f s  wall %7.2f s%n",
                    settings.get(s).name(),
                    median(cpu[s]) / 1e9,
                    median(wall[s]) / 1e9);
        }
        System.out.printf(
                Locale.ROOT,
                "cpu(2) / cpu(1): partitioned %.3f, shared %.3f; partitioned 1 worker / shared 1 worker %.3f%n",
                ratio(cpu[1], cpu[0]),
                ratio(cpu[3], cpu[2]),
                ratio(cpu[0], cpu[2]));
        System.out.printf(Locale.ROOT, "per round, cpu(2) / cpu(1) partitioned: %s%n", ratios(cpu[1], cpu[0]));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** The median of the per-round ratios: each pair ran minutes apart at most, under about the same load. */
    private static double ratio(long[] a, long[] b) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            r.add((double) a[i] / b[i]);
        }
        r.sort(null);
        int n = r.size();
        return n % 2 == 1 ? r.get(n / 2) : (r.get(n / 2 - 1) + r.get(n / 2)) / 2;
    }

    private static String ratios(long[] a, long[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            s.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", (double) a[i] / b[i]));
        }
        return s.toString();
    }
}
