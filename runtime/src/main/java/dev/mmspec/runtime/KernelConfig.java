package dev.mmspec.runtime;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How a {@link Kernel} is built: which fixes are on, and the sizes that let a test mirror a spec's bounded domains (how
 * many folios may exist, how many swap slots, how many PTEs share a PT lock). Immutable; every {@code with...} returns
 * a copy.
 *
 * @param enabledFixes fixes switched on
 * @param maxFolios folios that may be allocated at once (allocation beyond fails: ENOMEM)
 * @param swapSlots slots of the swap device
 * @param ptesPerTable PTEs per page table, hence per PT lock (1: a PT lock per address, as specs with {@code ptl[Addr]}
 *     assume)
 * @param gupFaultLimit after how many faults the GUP slow path gives up with EAGAIN, for a spec that bounds its
 *     lookup/fault loop; 0 (the default) for none: __get_user_pages() retries until the lookup succeeds or the fault
 *     fails
 * @param injections hand-written bugs switched on (tests only; none by default)
 */
public record KernelConfig(
        Set<Fix> enabledFixes,
        int maxFolios,
        int swapSlots,
        int ptesPerTable,
        int gupFaultLimit,
        Set<Injection> injections) {

    public KernelConfig {
        enabledFixes = enabledFixes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enabledFixes));
        injections = injections.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(injections));
        if (maxFolios < 1 || swapSlots < 0 || ptesPerTable < 1 || gupFaultLimit < 0) {
            throw new IllegalArgumentException("bad sizes: maxFolios=" + maxFolios + " swapSlots=" + swapSlots
                    + " ptesPerTable=" + ptesPerTable + " gupFaultLimit=" + gupFaultLimit);
        }
    }

    /** Every fix on, room for 1024 folios, 64 swap slots, 4 PTEs per table, no GUP fault limit. */
    public static KernelConfig defaults() {
        return new KernelConfig(EnumSet.allOf(Fix.class), 1024, 64, 4, 0, Set.of());
    }

    public boolean enabled(Fix fix) {
        return enabledFixes.contains(fix);
    }

    /** @return whether the hand-written bug {@code injection} is switched on */
    public boolean injected(Injection injection) {
        return injections.contains(injection);
    }

    /** @return a copy with {@code more} injections switched on as well (tests only) */
    public KernelConfig injecting(Injection... more) {
        EnumSet<Injection> set = EnumSet.noneOf(Injection.class);
        set.addAll(injections);
        set.addAll(List.of(more));
        return new KernelConfig(enabledFixes, maxFolios, swapSlots, ptesPerTable, gupFaultLimit, set);
    }

    public KernelConfig without(Fix... fixes) {
        EnumSet<Fix> set = enabledFixes.isEmpty() ? EnumSet.noneOf(Fix.class) : EnumSet.copyOf(enabledFixes);
        for (Fix fix : fixes) {
            set.remove(fix);
        }
        return new KernelConfig(set, maxFolios, swapSlots, ptesPerTable, gupFaultLimit, injections);
    }

    /** @param fixIds fix ids as specs name them */
    public KernelConfig withoutIds(Iterable<String> fixIds) {
        KernelConfig out = this;
        for (String id : fixIds) {
            out = out.without(Fix.byId(id));
        }
        return out;
    }

    public KernelConfig withMaxFolios(int n) {
        return new KernelConfig(enabledFixes, n, swapSlots, ptesPerTable, gupFaultLimit, injections);
    }

    public KernelConfig withSwapSlots(int n) {
        return new KernelConfig(enabledFixes, maxFolios, n, ptesPerTable, gupFaultLimit, injections);
    }

    public KernelConfig withPtesPerTable(int n) {
        return new KernelConfig(enabledFixes, maxFolios, swapSlots, n, gupFaultLimit, injections);
    }

    /** @param n faults after which the GUP slow path gives up with EAGAIN (a spec's bound); 0 for no limit */
    public KernelConfig withGupFaultLimit(int n) {
        return new KernelConfig(enabledFixes, maxFolios, swapSlots, ptesPerTable, n, injections);
    }
}
