package dev.mmspec.engine.sut;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Names the implementation's objects the way the model allocates them: the lowest index not in use by a live object.
 * The model cannot know which Java object an allocation returned, so the binding never compares identities; it renames
 * them here (DESIGN.md, "the abstraction function is explicit"). Objects are compared by identity.
 *
 * @param <T> the kind of object (a folio)
 */
public final class CanonicalNames<T> {
    private final int capacity;
    private final Predicate<? super T> released;
    private final Map<T, Integer> names = new IdentityHashMap<>();

    /** @param capacity how many indices the model's domain has */
    public CanonicalNames(int capacity) {
        this(capacity, t -> false);
    }

    /**
     * @param capacity how many indices the model's domain has
     * @param released whether an object is gone for good (a freed folio): when every index is taken, the names of such
     *     objects are given to new ones. Lockstep brings the names up to date after every step, so it seldom needs
     *     this; the real-thread stress mode names objects (by their locks) for a whole epoch between two abstractions.
     */
    public CanonicalNames(int capacity, Predicate<? super T> released) {
        this.capacity = capacity;
        this.released = released;
    }

    /**
     * Brings the names up to date with the objects alive after a step: names the new ones first (in the order given,
     * lowest free index each), then forgets the ones that are gone. New before gone, because a step that copies a page
     * allocates the copy while the old page is still in use (a COW fault, wp_page_copy()), and the model's
     * {@code alloc} picked the lowest index free at that moment.
     *
     * <p>The list is read here, under this object's lock, and that is why the method takes a supplier and not a list.
     * With a list read before the call ({@code update(kernel.liveFolios())}, the form the bindings used before),
     * another thread can allocate and lock an object between the read and the update, be given a name for its lock
     * ({@link #of}), and see the update forget that name at once, because the list predates the object: in the
     * real-thread stress mode the object is then renamed while its lock is held (the false lock-order report SpecLocks
     * now works around). Read here, the list is the live objects at the moment the names change: a thread naming an
     * object waits for the update, and finds the name kept.
     *
     * @param live the objects alive now; it must not wait for a thread that may be naming an object here (the runtime's
     *     folio list is a concurrent map's copy and takes no lock)
     */
    public synchronized void update(Supplier<? extends Collection<T>> live) {
        Collection<T> now = live.get();
        for (T t : now) {
            of(t);
        }
        retainOnly(now);
    }

    /** Forgets every object that is not in {@code live}, so their indices can be reused. */
    private void retainOnly(Collection<T> live) {
        Map<T, Boolean> keep = new IdentityHashMap<>();
        for (T t : live) {
            keep.put(t, Boolean.TRUE);
        }
        names.keySet().removeIf(t -> !keep.containsKey(t));
    }

    /**
     * @return the index of {@code object}, naming it with the lowest free index on first sight
     * @throws IllegalStateException if the model's domain has no free index left, even after forgetting the released
     *     objects
     */
    public synchronized int of(T object) {
        Integer known = names.get(object);
        if (known != null) {
            return known;
        }
        int free = lowestFree();
        if (free < 0) {
            names.keySet().removeIf(released);
            free = lowestFree();
        }
        if (free < 0) {
            throw new IllegalStateException(
                    "more live objects than the model's domain holds (" + capacity + "): " + names.keySet());
        }
        names.put(object, free);
        return free;
    }

    private int lowestFree() {
        boolean[] used = new boolean[capacity];
        for (int i : names.values()) {
            used[i] = true;
        }
        for (int i = 0; i < capacity; i++) {
            if (!used[i]) {
                return i;
            }
        }
        return -1;
    }

    /** @return the named objects, by index. */
    public synchronized List<T> byIndex() {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            out.add(null);
        }
        names.forEach((t, i) -> out.set(i, t));
        return out;
    }
}
