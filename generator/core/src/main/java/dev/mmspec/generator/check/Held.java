package dev.mmspec.generator.check;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.ir.LockRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The lock instances a path holds at one point of an operation, keyed by lock name and the
 * spelling of the instance index: {@code folio_lock[f]} taken in one step is the one unlocked in
 * a later step. Immutable: each statement makes a new set.
 */
final class Held {
    /** One held instance; {@code taken} is where, for messages. */
    record Instance(String lock, String index, LockRef.Mode mode, Span taken) {
        String key() {
            return ExprText.instance(lock, index);
        }
    }

    static final Held NONE = new Held(Map.of());

    private final Map<String, Instance> instances;

    private Held(Map<String, Instance> instances) {
        this.instances = instances;
    }

    Held with(Instance instance) {
        Map<String, Instance> copy = new LinkedHashMap<>(instances);
        copy.put(instance.key(), instance);
        return new Held(copy);
    }

    Held without(String key) {
        Map<String, Instance> copy = new LinkedHashMap<>(instances);
        copy.remove(key);
        return new Held(copy);
    }

    /** @return what either path holds: a guess after a reported disagreement. */
    Held union(Held other) {
        Map<String, Instance> copy = new LinkedHashMap<>(instances);
        other.instances.forEach(copy::putIfAbsent);
        return new Held(copy);
    }

    Instance get(String key) {
        return instances.get(key);
    }

    Iterable<Instance> all() {
        return instances.values();
    }

    boolean isEmpty() {
        return instances.isEmpty();
    }

    /** Same instances in the same modes: what two paths must agree on where they meet. */
    boolean sameAs(Held other) {
        if (!instances.keySet().equals(other.instances.keySet())) {
            return false;
        }
        return instances.values().stream().allMatch(i -> other.instances.get(i.key()).mode() == i.mode());
    }

    @Override
    public String toString() {
        return instances.isEmpty() ? "no lock" : instances.values().stream().map(Instance::key).collect(Collectors.joining(", "));
    }
}
