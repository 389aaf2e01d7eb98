package dev.mmspec.engine.sut;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * {@link AtomicReference} with a scheduling point before every access (see {@link WatchedAtomicInteger}): a pointer
 * read, then published with a plain {@code set} where another task may have published in between, is a lost update the
 * controlled scheduler can force.
 */
public final class WatchedAtomicReference<V> {
    private final Watch watch;
    private final String name;
    private final AtomicReference<V> value;

    WatchedAtomicReference(Watch watch, String name, V initial) {
        this.watch = watch;
        this.name = name;
        this.value = new AtomicReference<>(initial);
    }

    public V get() {
        watch.point(name + ".get");
        return value.get();
    }

    public void set(V newValue) {
        watch.point(name + ".set");
        value.set(newValue);
    }

    public V getAndSet(V newValue) {
        watch.point(name + ".getAndSet");
        return value.getAndSet(newValue);
    }

    /** Compares by identity, as {@link AtomicReference#compareAndSet} does. */
    public boolean compareAndSet(V expected, V newValue) {
        watch.point(name + ".compareAndSet");
        return value.compareAndSet(expected, newValue);
    }

    public V updateAndGet(UnaryOperator<V> update) {
        while (true) {
            V prev = get();
            V next = update.apply(prev);
            if (compareAndSet(prev, next)) {
                return next;
            }
        }
    }

    /** @return the value without a scheduling point: for the abstraction function, never for the implementation. */
    public V peek() {
        return value.get();
    }

    @Override
    public String toString() {
        return name + "=" + value.get();
    }
}
