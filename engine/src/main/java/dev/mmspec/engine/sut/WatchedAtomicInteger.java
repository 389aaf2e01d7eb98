package dev.mmspec.engine.sut;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * {@link AtomicInteger} with a scheduling point before every access, so that the controlled scheduler can run another
 * task between two accesses of one step: a {@code get} followed by a {@code set} (a check-then-set where the spec says
 * compare-and-swap) then loses the other task's update, and the lockstep check sees it. Each method is the
 * {@code AtomicInteger} method of the same name; the read-modify-write ones ({@link #updateAndGet}) are a read and a
 * compare-and-swap, so that they retry when interleaved, as the real ones do.
 */
public final class WatchedAtomicInteger {
    private final Watch watch;
    private final String name;
    private final AtomicInteger value;

    WatchedAtomicInteger(Watch watch, String name, int initial) {
        this.watch = watch;
        this.name = name;
        this.value = new AtomicInteger(initial);
    }

    public int get() {
        watch.point(name + ".get");
        return value.get();
    }

    public void set(int newValue) {
        watch.point(name + ".set");
        value.set(newValue);
    }

    public int getAndSet(int newValue) {
        watch.point(name + ".getAndSet");
        return value.getAndSet(newValue);
    }

    public boolean compareAndSet(int expected, int newValue) {
        watch.point(name + ".compareAndSet");
        return value.compareAndSet(expected, newValue);
    }

    public int getAndAdd(int delta) {
        watch.point(name + ".getAndAdd");
        return value.getAndAdd(delta);
    }

    public int addAndGet(int delta) {
        watch.point(name + ".addAndGet");
        return value.addAndGet(delta);
    }

    public int incrementAndGet() {
        return addAndGet(1);
    }

    public int decrementAndGet() {
        return addAndGet(-1);
    }

    public int getAndIncrement() {
        return getAndAdd(1);
    }

    public int getAndDecrement() {
        return getAndAdd(-1);
    }

    public int updateAndGet(IntUnaryOperator update) {
        while (true) {
            int prev = get();
            int next = update.applyAsInt(prev);
            if (compareAndSet(prev, next)) {
                return next;
            }
        }
    }

    public int getAndUpdate(IntUnaryOperator update) {
        while (true) {
            int prev = get();
            if (compareAndSet(prev, update.applyAsInt(prev))) {
                return prev;
            }
        }
    }

    /** @return the value without a scheduling point: for the abstraction function, never for the implementation. */
    public int peek() {
        return value.get();
    }

    @Override
    public String toString() {
        return name + "=" + value.get();
    }
}
