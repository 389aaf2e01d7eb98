package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.engine.sut.SpecLockEvent;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.pagetable.PageTable;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns the runtime's lock events into the spec's: each binding says which runtime lock instance is which spec lock (or
 * that the spec does not declare it); this class does the rest, the same way for every spec. Events of the test thread
 * (setup, before any simulated task runs) are not reported.
 */
final class SpecLocks {
    /** A spec lock instance: {@code ptl[2]}, or {@code index} -1 for a lock without a domain. */
    record Name(String lock, int index) {}

    private SpecLocks() {}

    /** @param naming the spec name of a runtime lock event's instance, or null to leave the event out */
    static Consumer<LockEvent> translator(BindingContext context, Function<LockEvent, Name> naming) {
        return e -> {
            int task = context.currentTask().getAsInt();
            if (task < 0) {
                return;
            }
            Name name = naming.apply(e);
            if (name == null) {
                return;
            }
            SpecLockEvent.Kind kind =
                    e.kind() == LockEvent.Kind.ACQUIRE ? SpecLockEvent.Kind.ACQUIRE : SpecLockEvent.Kind.RELEASE;
            context.lockEvents()
                    .accept(new SpecLockEvent(
                            task, kind, name.lock(), name.index(), e.shared(), e.site(), e.trylock()));
        };
    }

    /**
     * The two locks every spec has: {@code ptl[a]} for the page table of address {@code a} (bindings use one PTE per
     * table) and {@code folio_lock[f]} with the folio's canonical name.
     *
     * @return the spec name, or null for any other lock
     */
    static Name pageTableOrFolio(LockEvent e, CanonicalNames<Folio> folios) {
        String lock = e.lockClass().lockName();
        if (e.instance() instanceof PageTable table && lock.equals("ptl")) {
            return new Name(lock, (int) table.firstAddress());
        }
        if (e.instance() instanceof Folio folio && lock.equals("folio_lock")) {
            return new Name(lock, folios.of(folio));
        }
        return null;
    }

    /**
     * A lock the spec declares without a domain ({@code index} -1): the {@code lock} of the one instance of
     * {@code owner} the binding sets up (the file's {@code i_mmap_rwsem}, the process's {@code mmap_lock}).
     *
     * @param locks the lock names the spec declares this way
     * @return the spec name, or null for any other lock
     */
    static Name withoutDomain(LockEvent e, Class<?> owner, String... locks) {
        String lock = e.lockClass().lockName();
        if (owner.isInstance(e.instance()) && List.of(locks).contains(lock)) {
            return new Name(lock, -1);
        }
        return null;
    }
}
