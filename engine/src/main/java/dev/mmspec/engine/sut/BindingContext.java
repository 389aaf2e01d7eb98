package dev.mmspec.engine.sut;

import dev.mmspec.contract.sched.SchedulingHooks;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * What a binding needs to build its implementation for one test try.
 *
 * @param fixesOff the spec's fix names to switch off in the implementation
 * @param hooks the scheduling hooks the implementation must call (step points, lock points)
 * @param lockEvents where the binding reports lock events, translated to the spec's lock names; a release must be
 *     reported under the name its acquisition was reported under, even if the object's spec name changed in between (a
 *     folio renamed by another thread's abstraction): the lock-order checks pair the two by name
 * @param currentTask the simulated task running the calling thread (-1 outside tasks)
 */
public record BindingContext(
        Set<String> fixesOff, SchedulingHooks hooks, Consumer<SpecLockEvent> lockEvents, IntSupplier currentTask) {
    public BindingContext {
        fixesOff = Set.copyOf(fixesOff);
    }

    /**
     * @return where the implementation's watched locks and atomics report: they then make scheduling points inside
     *     steps and report the spec's lock events by themselves
     */
    public Watch watch() {
        return new Watch(hooks, lockEvents, currentTask);
    }
}
