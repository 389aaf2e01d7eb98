package dev.mmspec.generator.check;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.ir.LockRef;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lock instances held at one point of an operation, keyed by lock name and the spelling of
 * the instance index: {@code folio_lock[f]} taken in one step is the one unlocked in a later step.
 *
 * <p>Where paths meet (after an if, a choose, a forward goto) they may disagree: the kernel takes
 * a lock only when a fix is on, or only when a lookup found something, and releases it under the
 * same condition. So a point has two sets: the locks some path to it holds ({@link #maybe}, what
 * lock ordering is checked against, as lockdep does) and the locks every path holds ({@link #get},
 * what a guarded write needs). Whatever the static sets cannot decide (an unlock of a lock only some
 * paths hold, a lock still maybe held when the operation ends) the generated model checks when the
 * step runs, and reports as a model error with its trace. Immutable: each statement makes a new set.
 */
final class Held {
    /** One held instance; {@code taken} is where, for messages. */
    record Instance(String lock, String index, LockRef.Mode mode, Span taken) {
        String key() {
            return ExprText.instance(lock, index);
        }
    }

    static final Held NONE = new Held(Map.of(), Set.of());

    /** Held on some path. */
    private final Map<String, Instance> instances;
    /** The keys of those held on every path. */
    private final Set<String> definite;

    private Held(Map<String, Instance> instances, Set<String> definite) {
        this.instances = instances;
        this.definite = definite;
    }

    Held with(Instance instance) {
        Map<String, Instance> copy = new LinkedHashMap<>(instances);
        copy.put(instance.key(), instance);
        Set<String> keys = new LinkedHashSet<>(definite);
        keys.add(instance.key());
        return new Held(copy, keys);
    }

    Held without(String key) {
        Map<String, Instance> copy = new LinkedHashMap<>(instances);
        copy.remove(key);
        Set<String> keys = new LinkedHashSet<>(definite);
        keys.remove(key);
        return new Held(copy, keys);
    }

    /** @return where two paths meet: held on some path if either holds it, on every path if both do. */
    Held merge(Held other) {
        Map<String, Instance> copy = new LinkedHashMap<>(instances);
        other.instances.forEach(copy::putIfAbsent);
        Set<String> keys = new LinkedHashSet<>(definite);
        keys.retainAll(other.definite);
        return new Held(copy, keys);
    }

    /** @return the instance if every path holds it, else null. */
    Instance get(String key) {
        return definite.contains(key) ? instances.get(key) : null;
    }

    /** @return the instance if some path holds it, else null. */
    Instance maybe(String key) {
        return instances.get(key);
    }

    /** Held on some path: what a lock taken here must be ordered after. */
    Iterable<Instance> all() {
        return instances.values();
    }

    /** Held on every path: what an exit here certainly leaks. */
    Iterable<Instance> certain() {
        return definite.stream().map(instances::get).toList();
    }

    /** @return whether no path holds any lock */
    boolean isEmpty() {
        return instances.isEmpty();
    }

    boolean isCertainlyEmpty() {
        return definite.isEmpty();
    }

    /** Same instances in the same modes, on every path alike: what a loop must keep from one round to the next. */
    boolean sameAs(Held other) {
        if (!instances.keySet().equals(other.instances.keySet()) || !definite.equals(other.definite)) {
            return false;
        }
        return instances.values().stream().allMatch(i -> other.instances.get(i.key()).mode() == i.mode());
    }

    /** @return the locks every path holds, for messages. */
    String certainText() {
        return definite.isEmpty() ? "no lock" : String.join(", ", definite);
    }

    @Override
    public String toString() {
        String some = instances.keySet().stream().filter(k -> !definite.contains(k)).collect(Collectors.joining(", "));
        if (some.isEmpty()) {
            return certainText();
        }
        return (definite.isEmpty() ? "" : certainText() + ", and ") + "on some paths " + some;
    }
}
