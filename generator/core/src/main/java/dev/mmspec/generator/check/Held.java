package dev.mmspec.generator.check;

import dev.mmspec.generator.diag.Span;
import dev.mmspec.generator.lang.LockMode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lock instances held at one point of an operation, keyed by lock name and the spelling of the instance index:
 * {@code folio_lock[f]} taken in one step is the one unlocked in a later step.
 *
 * <p>Where paths meet (after an if, a choose, a forward goto) they may disagree: the kernel takes a lock only when a
 * fix is on, or only when a lookup found something, and releases it under the same condition. So a point has two sets:
 * the locks some path to it holds ({@link #maybe}, what lock ordering is checked against, as lockdep does) and the
 * locks every path holds ({@link #get}, what a guarded write needs). Whatever the static sets cannot decide (an unlock
 * of a lock only some paths hold, a lock still maybe held when the operation ends) the generated model checks when the
 * step runs, and reports as a model error with its trace. Immutable: each statement makes a new set.
 *
 * <p>A lock some paths hold may carry the condition it was taken under ({@link Condition}): a later {@code if} on the
 * same condition knows the lock is not held in its other branch, so "lock under {@code if c}, unlock under {@code if
 * c}" leaves nothing behind.
 */
final class Held {
    /** One held instance; {@code taken} is where, for messages. */
    record Instance(String lock, String index, LockMode mode, Span taken) {
        String key() {
            return ExprText.instance(lock, index);
        }
    }

    /**
     * An if condition as written, and which branch: a lock tagged with it is held only where the condition has that
     * value. {@code stable} conditions (fixes, literals, parameters) keep their value for the whole operation; the
     * others only until the task writes a name they read ({@code reads}) or the step ends.
     */
    record Condition(String text, boolean value, boolean stable, Set<String> reads) {
        Condition negated() {
            return new Condition(text, !value, stable, reads);
        }
    }

    static final Held NONE = new Held(Map.of(), Set.of(), Map.of());

    /** Held on some path. */
    private final Map<String, Instance> instances;
    /** The keys of those held on every path. */
    private final Set<String> definite;
    /** For keys held on some paths only: the condition every path that holds it was under. */
    private final Map<String, Condition> conditions;

    private Held(Map<String, Instance> instances, Set<String> definite, Map<String, Condition> conditions) {
        this.instances = instances;
        this.definite = definite;
        this.conditions = conditions;
    }

    Held with(Instance instance) {
        Map<String, Instance> copy = new LinkedHashMap<>(instances);
        copy.put(instance.key(), instance);
        Set<String> keys = new LinkedHashSet<>(definite);
        keys.add(instance.key());
        Map<String, Condition> tags = new LinkedHashMap<>(conditions);
        tags.remove(instance.key());
        return new Held(copy, keys, tags);
    }

    Held without(String key) {
        Map<String, Instance> copy = new LinkedHashMap<>(instances);
        copy.remove(key);
        Set<String> keys = new LinkedHashSet<>(definite);
        keys.remove(key);
        Map<String, Condition> tags = new LinkedHashMap<>(conditions);
        tags.remove(key);
        return new Held(copy, keys, tags);
    }

    /** @return where two paths meet: held on some path if either holds it, on every path if both do. */
    Held merge(Held other) {
        Map<String, Instance> copy = new LinkedHashMap<>(instances);
        other.instances.forEach(copy::putIfAbsent);
        Set<String> keys = new LinkedHashSet<>(definite);
        keys.retainAll(other.definite);
        Map<String, Condition> tags = new LinkedHashMap<>();
        for (String key : copy.keySet()) {
            Condition mine = instances.containsKey(key) ? conditions.get(key) : null;
            Condition theirs = other.instances.containsKey(key) ? other.conditions.get(key) : null;
            // A path that does not hold the lock says nothing; two that do must agree on why.
            Condition tag = !instances.containsKey(key)
                    ? theirs
                    : !other.instances.containsKey(key) ? mine : java.util.Objects.equals(mine, theirs) ? mine : null;
            if (tag != null && !keys.contains(key)) {
                tags.put(key, tag);
            }
        }
        return new Held(copy, keys, tags);
    }

    /** @return these locks, where those this branch did not hold at {@code before} are tagged with its condition. */
    Held takenUnder(Held before, Condition condition) {
        Map<String, Condition> tags = new LinkedHashMap<>(conditions);
        for (String key : instances.keySet()) {
            if (before.maybe(key) == null) {
                tags.put(key, condition);
            }
        }
        return new Held(instances, definite, tags);
    }

    /** @return what can be held where {@code condition} is true: nothing taken under its negation. */
    Held assuming(Condition condition) {
        Held held = this;
        for (Map.Entry<String, Condition> tag : conditions.entrySet()) {
            if (tag.getValue().equals(condition.negated())) {
                held = held.without(tag.getKey());
            }
        }
        return held;
    }

    /** @return the same locks, no longer tied to conditions the task or others may have changed. */
    Held forgetUnstable() {
        return forgetIf(c -> !c.stable());
    }

    /** @return the same locks, no longer tied to conditions that read {@code name}, just written. */
    Held forgetReading(String name) {
        return forgetIf(c -> c.reads().contains(name));
    }

    private Held forgetIf(java.util.function.Predicate<Condition> changed) {
        Map<String, Condition> tags = new LinkedHashMap<>(conditions);
        tags.values().removeIf(changed);
        return tags.size() == conditions.size() ? this : new Held(instances, definite, tags);
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
        return instances.values().stream()
                .allMatch(i -> other.instances.get(i.key()).mode() == i.mode());
    }

    /** @return the locks every path holds, for messages. */
    String certainText() {
        return definite.isEmpty() ? "no lock" : String.join(", ", definite);
    }

    @Override
    public String toString() {
        String some =
                instances.keySet().stream().filter(k -> !definite.contains(k)).collect(Collectors.joining(", "));
        if (some.isEmpty()) {
            return certainText();
        }
        return (definite.isEmpty() ? "" : certainText() + ", and ") + "on some paths " + some;
    }
}
