package dev.mmspec.engine.sut;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A mutex that the controlled scheduler sees: a scheduling point before every acquisition, a blocked task parked (not
 * spinning) until the holder releases, and the spec's lock events reported on acquire and release, so that the lockstep
 * check can verify the spec's lock order and guards on a user's implementation. Not reentrant: the spec's locks are
 * not.
 *
 * <p>Context: outside a controlled test (production, stress) it is a plain {@link ReentrantLock} that blocks the
 * thread. The lock for a user's own implementation, named as the spec names it; mmspec's runtime has its own
 * ({@code dev.mmspec.runtime.lock.LockdepLock}, checked by lockdep), whose events its bindings translate.
 */
public final class WatchedLock {
    private final Watch watch;
    private final String name;
    private final int index;
    private final String instance;
    private final ReentrantLock lock = new ReentrantLock();

    WatchedLock(Watch watch, String name, int index) {
        this.watch = watch;
        this.name = name;
        this.index = index;
        this.instance = index < 0 ? name : name + "[" + index + "]";
    }

    /** Takes the lock, waiting as long as another task holds it. */
    public void lock() {
        watch.point(instance + ".lock");
        checkNotHeld();
        if (!watch.hooks().controlled()) {
            lock.lock();
        } else {
            // Under the controlled scheduler only one task runs at a time: waiting for real would hang
            // the holder too. Park as blocked; the scheduler runs us again after released().
            while (!lock.tryLock()) {
                watch.hooks().waitFor(instance);
            }
        }
        watch.lockEvent(SpecLockEvent.Kind.ACQUIRE, name, index, false);
    }

    /** @return whether the lock was free and is now held (never waits, so the spec's order does not apply). */
    public boolean tryLock() {
        watch.point(instance + ".trylock");
        checkNotHeld();
        if (!lock.tryLock()) {
            return false;
        }
        watch.lockEvent(SpecLockEvent.Kind.ACQUIRE, name, index, true);
        return true;
    }

    /** Releases the lock, which the calling thread must hold. */
    public void unlock() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException(
                    instance + " released by " + Thread.currentThread().getName() + ", which does not hold it");
        }
        watch.lockEvent(SpecLockEvent.Kind.RELEASE, name, index, false);
        lock.unlock();
        watch.hooks().released(instance);
    }

    /** @return whether the calling thread holds the lock (for {@code Context:} checks). */
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    private void checkNotHeld() {
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException(instance + " taken twice by "
                    + Thread.currentThread().getName() + ": the spec's locks are not recursive");
        }
    }

    @Override
    public String toString() {
        return instance + (lock.isLocked() ? " (held)" : " (free)");
    }
}
