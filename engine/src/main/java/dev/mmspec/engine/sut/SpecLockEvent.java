package dev.mmspec.engine.sut;

import dev.mmspec.contract.model.ModelInfo;
import java.util.List;

/**
 * A lock acquired or released by a task, named as the spec names it. A binding translates the runtime's own
 * {@code dev.mmspec.runtime.lock.LockEvent} (a lock class and the object it belongs to) into this; the two are named
 * apart so that a binding never has to qualify one of them.
 *
 * @param task the simulated task (spec task index)
 * @param kind acquire or release
 * @param lock the spec's lock name ({@code ptl}, {@code folio_lock})
 * @param index the instance index within the lock's domain, or -1 for a lock without one
 * @param shared whether an rwsem was taken for read
 * @param site where in the runtime it happened (class and method), for reports
 * @param trylock whether the acquisition was a trylock: it never waits, so the order does not apply to it
 *     (folio_trylock under the PT lock in wp_can_reuse_anon_folio)
 */
public record SpecLockEvent(int task, Kind kind, String lock, int index, boolean shared, String site, boolean trylock) {

    /** An event of a lock taken by waiting for it (or released). */
    public SpecLockEvent(int task, Kind kind, String lock, int index, boolean shared, String site) {
        this(task, kind, lock, index, shared, site, false);
    }

    public enum Kind {
        ACQUIRE,
        RELEASE
    }

    /**
     * The spec's lock-order check of one acquisition, as lockstep ({@code LockTracker}) and stress runs make it.
     *
     * @param info the spec's model description (its locks and their order)
     * @param held what the task holds, in the order it took it
     * @return the first of {@code held} that {@code acquire} is taken under against the order, or null; never one for a
     *     trylock, which does not wait
     */
    public static SpecLockEvent heldAgainstOrder(ModelInfo info, List<SpecLockEvent> held, SpecLockEvent acquire) {
        ModelInfo.LockInfo lock = info.lock(acquire.lock());
        if (lock == null || acquire.trylock()) {
            return null;
        }
        for (SpecLockEvent h : held) {
            if (lock.mustNotBeTakenHolding(h.lock())) {
                return h;
            }
        }
        return null;
    }

    /** @return the lock instance as the spec writes it: {@code ptl[0]}, {@code mmap_lock}. */
    public String instance() {
        return index < 0 ? lock : lock + "[" + index + "]";
    }
}
