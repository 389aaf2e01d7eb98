package dev.mmspec.runtime.lock;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/** A kernel rw_semaphore (mmap_lock, anon_vma rwsem, i_mmap_rwsem, invalidate_lock), watched. */
public final class RwSemaphore extends LockdepLock {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    public RwSemaphore(LockEnv env, LockClass lockClass, Object owner) {
        super(env, lockClass, owner);
    }

    public void downRead() {
        acquire(true, lock.readLock()::tryLock, lock.readLock()::lock);
    }

    public void downWrite() {
        acquire(false, lock.writeLock()::tryLock, lock.writeLock()::lock);
    }

    public boolean tryDownRead() {
        return tryAcquire(true, lock.readLock()::tryLock);
    }

    public void upRead() {
        release(true, lock.readLock()::unlock);
    }

    public void upWrite() {
        release(false, lock.writeLock()::unlock);
    }

    @Override
    public boolean isLocked() {
        return lock.isWriteLocked() || lock.getReadLockCount() > 0;
    }

    @Override
    public boolean heldByCurrentThread() {
        return lock.isWriteLockedByCurrentThread() || lock.getReadHoldCount() > 0;
    }

    public boolean heldForWriteByCurrentThread() {
        return lock.isWriteLockedByCurrentThread();
    }

    /** Checks a {@code Context:} line that needs the rwsem held for read or write. */
    public void assertHeld(String function, Object dump) {
        if (!heldByCurrentThread()) {
            throw violation(function, "caller holds " + lockClass().lockName(), dump);
        }
    }

    /** Checks a {@code Context:} line that needs the rwsem held for write. */
    public void assertHeldWrite(String function, Object dump) {
        if (!lock.isWriteLockedByCurrentThread()) {
            throw violation(function, "caller holds " + lockClass().lockName() + " for write", dump);
        }
    }
}
