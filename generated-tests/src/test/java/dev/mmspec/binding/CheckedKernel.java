package dev.mmspec.binding;

import dev.mmspec.contract.sched.SchedulingHooks;
import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.Watch;
import dev.mmspec.runtime.Injection;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.check.Invariants;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The runtime kernel of one test try, with the runtime's own invariants ({@link Invariants}, the stress test's
 * quiescent checks) run at every step boundary a spec names, not only the spec's abstraction compared: at each step
 * point a simulated task reaches (its previous step is over, every other task is parked at a step point of its own) and
 * after each operation a binding runs through {@link #run}. A runtime that breaks one of them fails the step where it
 * went wrong: the task throws, and the lockstep check reports "could not run ..." with the invariant and the objects,
 * shrunk and with a race diagram like any other failure.
 *
 * <p>Between steps some locks are legitimately held (swap_out keeps the folio lock from add_to_swapcache to pageout, a
 * fault keeps the mmap_lock across its two steps, migration keeps the folio lock across five), so the invariants that
 * hold only when nothing is in flight ({@link #QUIESCENT_ONLY}) are checked only when no operation of this kernel is
 * running. Nothing is checked off the controlled scheduler (setup on the test thread, real-thread stress runs), where
 * other threads may be in the middle of a step; there the hooks make noise at lock acquisitions instead (see
 * {@code noise}).
 */
final class CheckedKernel {
    /**
     * Invariants of {@link Invariants} that only a kernel with no operation in flight keeps: no lock held, and the rmap
     * trees' view of the VMAs, which a VMA split (vma_adjust inside munmap and mprotect, step point
     * {@code vma_adjust.start}) updates before the mm's list: the new VMA is in the anon_vma and i_mmap trees first.
     */
    static final Set<String> QUIESCENT_ONLY = Set.of(
            "locks_free_at_quiescence",
            "anon_vma_active_vmas_counted",
            "anon_vma_tree_holds_live_vmas",
            "i_mmap_holds_live_vmas",
            "file_vma_in_i_mmap",
            "vmas_disjoint");

    private final Kernel kernel;
    private final boolean checking;
    private final Set<String> quiescentOnly;
    private final Map<String, String> windows;
    private final Set<String> insideOneStep;
    private final AtomicInteger running = new AtomicInteger();

    /**
     * @param config as {@link SpecKernel#config} made it, with the binding's bounds added
     * @param alsoQuiescentOnly invariants the spec's own operations break between two of their steps and restore by
     *     their end (a truncate between setting i_size and unmapping), checked only when no operation is in flight
     */
    CheckedKernel(BindingContext context, KernelConfig config, String... alsoQuiescentOnly) {
        this(context, config, Map.of(), alsoQuiescentOnly);
    }

    /**
     * @param windows the runtime's window points ({@link Labels#windows()}) the spec splits a step at, each with the
     *     label of the spec step that starts there ({@code window:write.wp_shared_mkwrite} to {@code write.mkwrite});
     *     every other window point is left out, as the spec runs that stretch as one step
     */
    CheckedKernel(
            BindingContext context, KernelConfig config, Map<String, String> windows, String... alsoQuiescentOnly) {
        this(context, config, windows, Set.of(), alsoQuiescentOnly);
    }

    /**
     * @param insideOneStep step points of the runtime that this spec runs as part of another step (a VMA split's
     *     {@code vma_adjust.start} inside a munmap the spec takes as one step): the task is not stopped there, as at a
     *     window point the spec does not split at
     */
    CheckedKernel(
            BindingContext context,
            KernelConfig config,
            Map<String, String> windows,
            Set<String> insideOneStep,
            String... alsoQuiescentOnly) {
        this.insideOneStep = Set.copyOf(insideOneStep);
        for (String window : windows.keySet()) {
            if (!Labels.windows().contains(window)) {
                throw new IllegalArgumentException("not a window point of the runtime: " + window);
            }
        }
        this.windows = Map.copyOf(windows);
        Set<String> quiescent = new HashSet<>(QUIESCENT_ONLY);
        quiescent.addAll(List.of(alsoQuiescentOnly));
        this.quiescentOnly = Set.copyOf(quiescent);
        this.kernel = new Kernel(config, new CheckingHooks(context.hooks()));
        // With a catalogue fix off the runtime is meant to break the invariant the spec states (the
        // fix-detection tests look for it there); the checks are for a kernel with every fix on.
        this.checking = context.fixesOff().stream().allMatch(name -> name.startsWith(Injection.SWITCH_PREFIX));
    }

    Kernel kernel() {
        return kernel;
    }

    /**
     * Runs one spec operation's body (the binding's method), then checks the runtime's invariants at the boundary its
     * last step leaves.
     *
     * @return the body's outcome label
     * @throws AssertionError if the operation left the runtime with an invariant broken
     */
    String run(Supplier<String> operation) {
        running.incrementAndGet();
        String outcome;
        try {
            outcome = operation.get();
        } finally {
            running.decrementAndGet();
        }
        if (checking && kernel.hooks().controlled()) {
            check("at the end of the operation");
        }
        return outcome;
    }

    private void check(String where) {
        boolean quiescent = running.get() == 0;
        List<String> broken = new Invariants(kernel)
                .check().stream()
                        .filter(v -> quiescent || !quiescentOnly.contains(v.substring(0, v.indexOf(':'))))
                        .toList();
        if (!broken.isEmpty()) {
            throw new AssertionError("runtime invariant broken " + where + ": " + String.join("; ", broken));
        }
    }

    /** The context's hooks, checking the invariants first at each step point of a simulated task. */
    private final class CheckingHooks implements SchedulingHooks {
        private final SchedulingHooks hooks;

        CheckingHooks(SchedulingHooks hooks) {
            this.hooks = hooks;
        }

        @Override
        public void point(String label) {
            if (!hooks.controlled()) {
                noise(label);
            }
            if (insideOneStep.contains(label)) {
                return;
            }
            if (label.startsWith(Labels.WINDOW_PREFIX)) {
                String step = windows.get(label);
                if (step == null) {
                    return; // inside one step of this spec
                }
                label = step;
            }
            if (checking && hooks.controlled() && !label.startsWith("lock:") && !Watch.isWatchPoint(label)) {
                check("before step " + label);
            }
            hooks.point(label);
        }

        /**
         * Off the controlled scheduler (BindingStress's real threads; setup on the test thread, where it is harmless),
         * a noise maker as in IBM's ConTest: before a lock acquisition or at a window point the thread sometimes
         * yields, and now and then sleeps a few microseconds, so that the other threads get to run in the windows where
         * a kernel drops and retakes a lock, which otherwise last a few instructions.
         */
        private static void noise(String label) {
            if (!label.startsWith(Labels.LOCK_PREFIX) && !label.startsWith(Labels.WINDOW_PREFIX)) {
                return;
            }
            int roll = ThreadLocalRandom.current().nextInt(16);
            if (roll == 0) {
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(20_000, 200_000));
            } else if (roll < 5) {
                Thread.yield();
            }
        }

        @Override
        public void waitFor(String resource) {
            hooks.waitFor(resource);
        }

        @Override
        public void released(String resource) {
            hooks.released(resource);
        }

        @Override
        public boolean controlled() {
            return hooks.controlled();
        }
    }
}
