package dev.mmspec.bench;

import dev.mmspec.contract.model.Model;
import java.util.Arrays;
import java.util.Locale;

/**
 * How much a transition-pruning reduction could save on a spec: over reachable states drawn by seeded random walks, the
 * share of enabled steps that lead back to the same state, and the share of pairs of enabled steps of different tasks
 * that commute there (each stays enabled after the other, and both orders reach one state). The explorer looks up one
 * successor per enabled step; sleep sets would skip the second order of every commuting pair without losing a state.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.mmspec.bench.Commutation bench/specs/anon_exclusive_bench.mmspec</pre>
 */
public final class Commutation {
    private Commutation() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: Commutation <spec.mmspec>");
            System.exit(2);
        }
        Model model = BenchModels.load(args[0]);
        int words = model.info().stateWords();
        int actions = model.info().actions().size();
        int samples = 20_000;
        long[] states = BenchModels.reachableStates(model, samples, 45, 3);
        long[] state = new long[words];
        long[][] after = new long[actions][words];
        boolean[] enabled = new boolean[actions];
        long[] ab = new long[words];
        long[] ba = new long[words];
        long steps = 0;
        long selfLoops = 0;
        long pairs = 0;
        long commuting = 0;
        for (int n = 0; n < samples; n++) {
            System.arraycopy(states, n * words, state, 0, words);
            for (int a = 0; a < actions; a++) {
                enabled[a] = model.apply(state, a, after[a]) >= 0;
                if (enabled[a]) {
                    steps++;
                    selfLoops += Arrays.equals(after[a], state) ? 1 : 0;
                }
            }
            for (int a = 0; a < actions; a++) {
                for (int b = a + 1; b < actions && enabled[a]; b++) {
                    if (!enabled[b]
                            || model.info().actions().get(a).task()
                                    == model.info().actions().get(b).task()) {
                        continue;
                    }
                    pairs++;
                    if (model.apply(after[a], b, ab) >= 0
                            && model.apply(after[b], a, ba) >= 0
                            && Arrays.equals(ab, ba)) {
                        commuting++;
                    }
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %d states, %.2f enabled steps per state, %.1f%% back to the same state;"
                        + " %.2f pairs of enabled steps of different tasks per state, %.1f%% of them commute%n",
                model.info().spec(),
                samples,
                steps / (double) samples,
                100.0 * selfLoops / steps,
                pairs / (double) samples,
                100.0 * commuting / pairs);
    }
}
