package dev.mmspec.engine.sut;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * {@link AtomicLong} with a scheduling point before every access, so that the controlled scheduler can run another task
 * between two accesses of one step: a {@code get} followed by a {@code set} (a check-then-set where the spec says
 * compare-and-swap) then loses the other task's update, and the lockstep check sees it. Each method is the
 * {@code AtomicLong} method of the same name; the read-modify-write ones ({@link #updateAndGet}) are a read and a
 * compare-and-swap, so that they retry when interleaved, as the real ones do.
 */
public final class WatchedAtomicLong {
    private final Watch watch;
    private final String name;
    private final AtomicLong value;

    WatchedAtomicLong(Watch watch, String name, long initial) {
        this.watch = watch;
        this.name = name;
        this.value = new AtomicLong(initial);
    }

    public long get() {
        watch.point(name + ".get");
        return value.get();
    }

    public void set(long newValue) {
        watch.point(name + ".set");
        value.set(newValue);
    }

    public long getAndSet(long newValue) {
        watch.point(name + ".getAndSet");
        return value.getAndSet(newValue);
    }

    public boolean compareAndSet(long expected, long newValue) {
        watch.point(name + ".compareAndSet");
        return value.compareAndSet(expected, newValue);
    }

    public long getAndAdd(long delta) {
        watch.point(name + ".getAndAdd");
        return value.getAndAdd(delta);
    }

    public long addAndGet(long delta) {
        watch.point(name + ".addAndGet");
        return value.addAndGet(delta);
    }

    public long incrementAndGet() {
        return addAndGet(1);
    }

    public long decrementAndGet() {
        return addAndGet(-1);
    }

    public long getAndIncrement() {
        return getAndAdd(1);
    }

    public long getAndDecrement() {
        return getAndAdd(-1);
    }

    public long updateAndGet(LongUnaryOperator update) {
        while (true) {
            long prev = get();
            long next = update.applyAsLong(prev);
            if (compareAndSet(prev, next)) {
                return next;
            }
        }
    }

    public long getAndUpdate(LongUnaryOperator update) {
        while (true) {
            long prev = get();
            if (compareAndSet(prev, update.applyAsLong(prev))) {
                return prev;
            }
        }
    }

    /** @return the value without a scheduling point: for the abstraction function, never for the implementation. */
    public long peek() {
        return value.get();
    }

    @Override
    public String toString() {
        return name + "=" + value.get();
    }
}
