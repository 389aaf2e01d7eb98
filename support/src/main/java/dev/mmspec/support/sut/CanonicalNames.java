package dev.mmspec.support.sut;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the implementation's objects the way the model allocates them: the lowest index not in use
 * by a live object. The model cannot know which Java object an allocation returned, so the binding
 * never compares identities; it renames them here (DESIGN.md, "the abstraction function is
 * explicit"). Objects are compared by identity.
 *
 * @param <T> the kind of object (a folio)
 */
public final class CanonicalNames<T> {
    private final int capacity;
    private final Map<T, Integer> names = new IdentityHashMap<>();

    /** @param capacity how many indices the model's domain has */
    public CanonicalNames(int capacity) {
        this.capacity = capacity;
    }

    /** Forgets every object that is not in {@code live}, so their indices can be reused. */
    public synchronized void retainOnly(Collection<T> live) {
        Map<T, Boolean> keep = new IdentityHashMap<>();
        for (T t : live) {
            keep.put(t, Boolean.TRUE);
        }
        names.keySet().removeIf(t -> !keep.containsKey(t));
    }

    /**
     * @return the index of {@code object}, naming it with the lowest free index on first sight
     * @throws IllegalStateException if the model's domain has no free index left
     */
    public synchronized int of(T object) {
        Integer known = names.get(object);
        if (known != null) {
            return known;
        }
        boolean[] used = new boolean[capacity];
        for (int i : names.values()) {
            used[i] = true;
        }
        for (int i = 0; i < capacity; i++) {
            if (!used[i]) {
                names.put(object, i);
                return i;
            }
        }
        throw new IllegalStateException("more live objects than the model's domain holds (" + capacity + "): " + names.keySet());
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
