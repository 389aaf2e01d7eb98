package dev.mmspec.cli.trust;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.export.PromelaExporter;
import dev.mmspec.generator.export.TlaExporter;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Spec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * The differential oracle: one spec, every fix setting (all on, then each off alone), explored by mmspec in every
 * configuration (1 and 2 workers, partial-order reduction on and off, sleep sets on and off) and checked by TLC and
 * SPIN on its exports. All must agree on the verdict and the length of the shortest counterexample; where the counts
 * are comparable (see {@link ReferenceCheckers}) on distinct states and transitions too.
 */
final class Oracle {
    /** What a comparison found: the disagreements (empty: all agree) and what was compared. */
    record Outcome(List<String> disagreements, long statesCompared, int runs) {}

    private final ReferenceCheckers checkers;
    private final boolean spin;

    Oracle(Path work, boolean spin) {
        this.checkers = new ReferenceCheckers(work);
        this.spin = spin;
    }

    /** @return the spec, or null with its diagnostics in {@code why} when the front end rejects it. */
    static Spec compile(String name, String text, List<String> why) {
        CompileResult r = new SpecCompiler().compile(name + ".mmspec", text);
        if (r.spec() == null) {
            r.diagnostics().forEach(d -> why.add(d.render()));
        }
        return r.spec();
    }

    /** Compares all fixes on, then each fix off. */
    Outcome compare(Spec spec) throws IOException, InterruptedException {
        return compare(spec, -1, 0);
    }

    /**
     * Compares all fixes on, then {@code fixesOff} of the fixes off one at a time (all of them when negative), taken
     * from index {@code rotation} on, so that a campaign over many seeds still switches off every kind of fix: a random
     * spec with the newer constructs has a dozen fixes, each costing a TLC and a SPIN run.
     */
    Outcome compare(Spec spec, int fixesOff, long rotation) throws IOException, InterruptedException {
        List<Set<String>> settings = new ArrayList<>();
        settings.add(Set.of());
        List<Fix> fixes = spec.fixes();
        int n = fixes.size();
        int take = fixesOff < 0 ? n : Math.min(fixesOff, n);
        for (int i = 0; i < take; i++) {
            settings.add(Set.of(
                    fixes.get((int) Math.floorMod(rotation + i, (long) n)).name()));
        }
        String module = new TlaExporter(spec).module();
        String promela = spin ? new PromelaExporter(spec).model() : null;
        // TLC and SPIN are processes of their own: on the small specs they run side by side (and beside the javac
        // of the model and the explorer's runs below). A big spec (its limits give a checker gigabytes: a bench spec)
        // gets one checker at a time, after the explorer, whose verdict picks the search: where it found a
        // counterexample, breadth-first SPIN and one TLC worker at once (depth-first SPIN met no violation of the
        // bench spec with its fix off in 9 M states, and TLC's two workers gave 8 steps for 7); where it holds, the
        // limits' depth-first SPIN and TLC workers. The choice changes the cost, not what is compared.
        Limits limits = Limits.of(spec.name());
        List<Check> tlcRuns = new ArrayList<>();
        List<Check> spinRuns = new ArrayList<>();
        if (limits.big()) {
            for (Set<String> off : settings) {
                String config = new TlaExporter(spec).config(off);
                tlcRuns.add(explorer ->
                        checkers.tlc(spec.name(), module, config, explorer.holds() ? limits : limits.oneTlcWorker()));
                spinRuns.add(
                        spin
                                ? explorer -> checkers.spin(
                                        spec.name(), promela, off, explorer.holds() ? limits : limits.breadthFirst())
                                : null);
            }
            return compare(spec, settings, module, promela, tlcRuns, spinRuns);
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs());
        try {
            for (Set<String> off : settings) {
                String config = new TlaExporter(spec).config(off);
                Future<Verdict> tlc = pool.submit(() -> checkers.tlc(spec.name(), module, config));
                tlcRuns.add(explorer -> result(tlc));
                if (spin) {
                    Future<Verdict> s = pool.submit(() -> checkers.spin(spec.name(), promela, off));
                    spinRuns.add(explorer -> result(s));
                } else {
                    spinRuns.add(null);
                }
            }
            return compare(spec, settings, module, promela, tlcRuns, spinRuns);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A reference checker's run on one fix setting, given the explorer's verdict there. */
    private interface Check {
        Verdict run(Verdict explorer) throws IOException, InterruptedException;
    }

    /** How many reference checkers run at once on a small spec: {@code -Dmmspec.trust.jobs}, else up to 2. */
    static int jobs() {
        return Math.max(
                1,
                Integer.getInteger(
                        "mmspec.trust.jobs", Math.min(2, Runtime.getRuntime().availableProcessors())));
    }

    private Outcome compare(
            Spec spec,
            List<Set<String>> settings,
            String module,
            String promela,
            List<Check> tlcRuns,
            List<Check> spinRuns)
            throws IOException, InterruptedException {
        LongFunction<Model> models = new ModelLoader().load(spec);
        boolean symmetric = models.apply(0L).info().symmetric();
        // TLC and SPIN get no symmetry (the export does not translate it): their counts are of states, the explorer's
        // of classes. So a symmetric spec is also explored with its symmetry declarations taken out, and that is what
        // TLC's and SPIN's counts are compared with.
        LongFunction<Model> plainModels = symmetric ? new ModelLoader().load(withoutSymmetry(spec)) : null;
        List<String> disagreements = new ArrayList<>();
        long compared = 0;
        int runs = 0;
        for (int k = 0; k < settings.size(); k++) {
            Set<String> off = settings.get(k);
            Model model = models.apply(FixMask.of(models.apply(0L).info(), new ArrayList<>(off)));
            String label = spec.name() + (off.isEmpty() ? " all fixes" : " off: " + String.join(",", off));
            List<Verdict> verdicts = new ArrayList<>();
            Verdict full = explore(model, 1, false, false);
            verdicts.add(full);
            verdicts.add(explore(model, 2, false, false));
            verdicts.add(explore(model, 1, true, false));
            verdicts.add(explore(model, 2, true, false));
            verdicts.add(explore(model, 1, false, true));
            verdicts.add(explore(model, 2, false, true));
            List<Verdict> references = new ArrayList<>();
            Verdict plain = full;
            if (symmetric) {
                plain = explore(
                        plainModels.apply(FixMask.of(plainModels.apply(0L).info(), new ArrayList<>(off))),
                        1,
                        false,
                        false,
                        SYMMETRY_OFF);
                verdicts.add(plain);
                references.add(plain);
                System.err.println("[trust] " + label + ": symmetric, so TLC and SPIN are compared with the explorer's"
                        + " symmetry off (" + plain + "; with it on " + full + ")");
            }
            references.add(tlcRuns.get(k).run(full));
            if (spinRuns.get(k) != null) {
                Verdict s = spinRuns.get(k).run(full);
                Verdict beyond = spinBeyondDeadlock(spec, module, off, full, s, promela);
                if (beyond != null) {
                    runs++;
                    s = beyond;
                }
                references.add(s);
            }
            runs += verdicts.size() + references.size() - (symmetric ? 1 : 0);
            disagreements.addAll(disagreements(label, full, verdicts, symmetric));
            if (symmetric) {
                compared += Math.max(full.distinct(), 0) * (verdicts.size() - 2);
                compared += Math.max(plain.distinct(), 0) * (references.size() - 1);
                disagreements.addAll(disagreements(label + " (" + SYMMETRY_OFF + ")", plain, references, false));
            } else {
                compared += Math.max(full.distinct(), 0) * (verdicts.size() - 1 + references.size());
                disagreements.addAll(disagreements(label, full, references, false));
            }
        }
        return new Outcome(disagreements, compared, runs);
    }

    /** The verdict of a checker run, its exception as thrown. */
    private static Verdict result(Future<Verdict> run) throws IOException, InterruptedException {
        try {
            return run.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException stop) {
                throw stop;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** How the explorer run that TLC and SPIN are compared with on a symmetric spec is named. */
    static final String SYMMETRY_OFF = "symmetry off";

    /** @return {@code spec} without its {@code symmetry} declarations (of tasks and of domains): the same states */
    static Spec withoutSymmetry(Spec spec) {
        return new Spec(
                spec.name(),
                spec.title(),
                spec.source(),
                spec.sourcePath(),
                spec.domains(),
                spec.enums(),
                spec.records(),
                spec.state(),
                spec.taskDomain(),
                spec.tasks(),
                spec.locks(),
                spec.guards(),
                spec.fixes(),
                spec.init(),
                spec.operations(),
                spec.invariants(),
                spec.scenarios(),
                spec.expectations(),
                List.of(),
                List.of(),
                spec.outcomes(),
                spec.span(),
                spec.bindingNone());
    }

    /**
     * SPIN reports a deadlock {@link ReferenceCheckers#deadlockDepth} levels deeper than its steps (the probe's own
     * levels), so where the explorer's shortest counterexample is a deadlock in k steps, SPIN's breadth-first search
     * may first meet an assertion (an invariant or a model error) deeper than k but within that offset: random spec
     * seed 1 with fix {@code keep} off deadlocks in 3 steps and releases {@code big} unheld in 5, and SPIN said
     * "violated in 5". Then 5 must be the shortest counterexample that is no deadlock: TLC without {@code NoDeadlock}
     * must say so.
     *
     * @return SPIN's verdict read as the deadlock the explorer found, when TLC confirms the deeper assertion; null when
     *     this does not apply (and the verdict is compared as it is)
     */
    private Verdict spinBeyondDeadlock(
            Spec spec, String module, Set<String> off, Verdict full, Verdict s, String promela)
            throws IOException, InterruptedException {
        if (full.holds()
                || !full.deadlock()
                || s.holds()
                || s.deadlock()
                || s.traceLength() <= full.traceLength()
                || s.traceLength() > full.traceLength() + ReferenceCheckers.deadlockDepth(spec.name(), promela)) {
            return null;
        }
        String config = new TlaExporter(spec).config(off).replace("INVARIANT NoDeadlock\n", "");
        Verdict tlc = checkers.tlc(spec.name(), module, config);
        if (tlc.holds() || tlc.traceLength() != s.traceLength()) {
            return new Verdict(
                    "SPIN (an assertion in " + s.traceLength() + " steps, but TLC without NoDeadlock: " + tlc + ")",
                    false,
                    -1,
                    -1,
                    s.traceLength());
        }
        return new Verdict(
                "SPIN (an assertion in " + s.traceLength() + " steps, TLC too, before the deadlock's depth)",
                false,
                -1,
                -1,
                full.traceLength(),
                true);
    }

    /**
     * Reductions change what is counted, not what is found: partial-order reduction stores fewer states (so only
     * verdict and trace are compared with it on), sleep sets take fewer transitions (states are compared), and with
     * symmetry the explorer's counts are of classes, TLC's and SPIN's of states.
     */
    static List<String> disagreements(String label, Verdict reference, List<Verdict> all, boolean symmetric) {
        List<String> out = new ArrayList<>();
        for (Verdict v : all) {
            if (v == reference) {
                continue;
            }
            boolean countsComparable = reference.holds()
                    && !(symmetric
                            && (v.tool().startsWith("TLC")
                                    || v.tool().startsWith("SPIN")
                                    || v.tool().contains(SYMMETRY_OFF)))
                    && !v.tool().contains("partial-order");
            if (v.holds() != reference.holds() || v.traceLength() != reference.traceLength()) {
                out.add(label + ": " + v + " but " + reference);
            } else if (countsComparable && v.distinct() >= 0 && v.distinct() != reference.distinct()) {
                out.add(label + ": distinct states: " + v + " but " + reference);
            } else if (countsComparable
                    && v.transitions() >= 0
                    && !v.tool().contains("sleep")
                    && v.transitions() != reference.transitions()) {
                out.add(label + ": transitions: " + v + " but " + reference);
            }
        }
        return out;
    }

    private static Verdict explore(Model model, int workers, boolean partialOrder, boolean sleepSets) {
        return explore(model, workers, partialOrder, sleepSets, null);
    }

    private static Verdict explore(Model model, int workers, boolean partialOrder, boolean sleepSets, String more) {
        ExplorerConfig config = ExplorerConfig.defaults()
                .withWorkers(workers)
                .withPartialOrder(partialOrder)
                .withSleepSets(sleepSets);
        ExplorationResult r = new Explorer(model, config).explore();
        if (r.outcome() == ExplorationResult.Outcome.INCOMPLETE) {
            throw new IllegalStateException("exploration stopped: " + r.stopReason());
        }
        Set<String> options = new LinkedHashSet<>();
        options.add("workers=" + workers);
        if (partialOrder) {
            options.add("partial-order");
        }
        if (sleepSets) {
            options.add("sleep-sets");
        }
        if (more != null) {
            options.add(more);
        }
        boolean holds = r.outcome() == ExplorationResult.Outcome.HOLDS;
        int length = holds ? -1 : r.counterexample().map(t -> t.steps().size()).orElse(-2);
        boolean deadlock = r.violation()
                .map(v -> v.kind() == dev.mmspec.engine.trace.ViolationKind.DEADLOCK)
                .orElse(false);
        return new Verdict(
                "mmspec " + String.join(" ", options),
                holds,
                holds ? r.distinctStates() : -1,
                holds ? r.transitions() : -1,
                length,
                deadlock);
    }
}
