package dev.mmspec.binding;

import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.engine.sut.SpecLockEvent;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.PageTable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * @param naming the spec name of a runtime lock event's instance, or null to leave the event out
     * @return the translator; a release is reported under the name its acquisition was reported under, not the one
     *     {@code naming} gives at that moment (see {@link HeldNames})
     */
    static Consumer<LockEvent> translator(BindingContext context, Function<LockEvent, Name> naming) {
        HeldNames held = new HeldNames();
        return e -> {
            int task = context.currentTask().getAsInt();
            if (task < 0) {
                return;
            }
            Name name = e.kind() == LockEvent.Kind.ACQUIRE
                    ? held.acquired(task, e, naming.apply(e))
                    : held.released(task, e, naming);
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
     * The spec names of the locks each task holds, by the runtime object the lock belongs to. A folio's spec name could
     * change while its lock was held: in the real-thread stress mode another thread's abstraction (the
     * {@code abstractState} it reads before it starts an operation) renamed the folios from a list of live folios read
     * before this task allocated and locked its folio, so {@link CanonicalNames#update} forgot the locked folio and
     * named it anew. Named by {@code naming} again, the release would then not match the acquisition and the task's
     * lock-order check would hold the old name for good: pagecache_remove's app then took {@code invalidate_lock}
     * (Filemap.fault:58) "while holding" {@code folio_lock[1]} (Filemap.fault:71), seen once in the default build. The
     * bindings now give {@code update} a supplier it reads under the names' lock, which closes that window; this map
     * stays, so that a release names the lock as its acquisition did whatever renamed the folio. Each task's map is
     * touched only by that task's thread.
     */
    private static final class HeldNames {
        /** One hold: the runtime lock's class (an object has several locks) and its spec name when taken. */
        private record Held(LockClass lockClass, Name name) {}

        private final Map<Integer, Map<Object, Deque<Held>>> byTask = new ConcurrentHashMap<>();

        /** @return {@code name}, remembered until the release of the same lock of the same object by {@code task} */
        Name acquired(int task, LockEvent e, Name name) {
            if (name != null) {
                byTask.computeIfAbsent(task, t -> new IdentityHashMap<>())
                        .computeIfAbsent(e.instance(), i -> new ArrayDeque<>())
                        .push(new Held(e.lockClass(), name));
            }
            return name;
        }

        /** @return the name the acquisition was reported under, or {@code naming}'s for a lock not seen taken */
        Name released(int task, LockEvent e, Function<LockEvent, Name> naming) {
            Map<Object, Deque<Held>> mine = byTask.get(task);
            Deque<Held> holds = mine == null ? null : mine.get(e.instance());
            if (holds != null) {
                for (Iterator<Held> it = holds.iterator(); it.hasNext(); ) {
                    Held held = it.next();
                    if (held.lockClass() == e.lockClass()) {
                        it.remove();
                        if (holds.isEmpty()) {
                            mine.remove(e.instance());
                        }
                        return held.name();
                    }
                }
            }
            return naming.apply(e);
        }
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
     * {@link #pageTableOrFolio}'s two locks and the process's {@code mmap_lock}, declared without a domain: the locks
     * of a one-process spec whose operations take the mmap_lock (madvise, GUP, stack growth, the zero page's fault).
     *
     * @return the spec name, or null for any other lock
     */
    static Name pageTableFolioOrMmapLock(LockEvent e, CanonicalNames<Folio> folios) {
        Name common = pageTableOrFolio(e, folios);
        return common != null ? common : withoutDomain(e, Mm.class, "mmap_lock");
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
