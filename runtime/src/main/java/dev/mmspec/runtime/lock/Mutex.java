package dev.mmspec.runtime.lock;

import java.util.concurrent.locks.ReentrantLock;

/** An exclusive kernel lock (PT spinlock, folio lock) over a {@link ReentrantLock}, watched. */
public final class Mutex extends LockdepLock {
    private final ReentrantLock lock = new ReentrantLock();

    public Mutex(LockEnv env, LockClass lockClass, Object owner) {
        super(env, lockClass, owner);
    }

    public void lock() {
        acquire(false, lock::tryLock, lock::lock);
    }

    /** @return whether the lock was taken; never waits and never stops at a scheduling point. */
    public boolean tryLock() {
        return tryAcquire(false, lock::tryLock);
    }

    public void unlock() {
        release(false, lock::unlock);
    }

    @Override
    public boolean isLocked() {
        return lock.isLocked();
    }

    @Override
    public boolean heldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** Checks a {@code Context:} requirement; the failure dumps {@code dump}. */
    public void assertHeld(String function, Object dump) {
        if (!lock.isHeldByCurrentThread()) {
            throw violation(function, "caller holds " + lockClass().lockName(), dump);
        }
    }
}
