package dev.mmspec.runtime.lock;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A real {@code java.util.concurrent} lock whose every acquisition and release is observable: it passes the scheduling
 * point {@code lock:<class>} before acquiring, tells lockdep, and emits a {@link LockEvent}. Under a controlled
 * scheduler an unavailable lock never blocks the thread: the task retries {@code tryLock} and parks as blocked in
 * between, so the scheduler can run the holder.
 *
 * <p>The runtime's kernel locks ({@link Mutex}, {@link RwSemaphore}), named by their {@link LockClass} and checked by
 * lockdep, as in mm/. Not the engine's {@code dev.mmspec.engine.sut.WatchedLock}, which a user's implementation takes
 * and which reports the spec's lock names; a binding translates this one's {@link LockEvent}s into those.
 */
public abstract sealed class LockdepLock permits Mutex, RwSemaphore {
    private final LockEnv env;
    private final LockClass lockClass;
    private final Object owner;

    LockdepLock(LockEnv env, LockClass lockClass, Object owner) {
        this.env = Objects.requireNonNull(env, "env");
        this.lockClass = Objects.requireNonNull(lockClass, "lockClass");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    public LockClass lockClass() {
        return lockClass;
    }

    /** @return the object this lock belongs to (a folio, a page table, an mm, ...). */
    public Object owner() {
        return owner;
    }

    /** @return whether the calling thread holds this lock (in any mode). */
    public abstract boolean heldByCurrentThread();

    final void acquire(boolean shared, BooleanSupplier tryAcquire, Runnable blockingAcquire) {
        if (heldByCurrentThread()) {
            // A kernel lock is not recursive: this would self-deadlock.
            throw new ContextViolation("recursive locking of " + this + " at " + LockEnv.site());
        }
        String name = lockClass.lockName();
        env.hooks().point("lock:" + name);
        if (env.hooks().controlled()) {
            while (!tryAcquire.getAsBoolean()) {
                env.hooks().waitFor(name);
            }
        } else {
            blockingAcquire.run();
        }
        acquired(shared, false);
    }

    final boolean tryAcquire(boolean shared, BooleanSupplier tryAcquire) {
        if (heldByCurrentThread()) {
            return false;
        }
        if (!tryAcquire.getAsBoolean()) {
            return false;
        }
        acquired(shared, true);
        return true;
    }

    private void acquired(boolean shared, boolean trylock) {
        // Stack walks are costly: only when someone listens, or when lockdep learns something new.
        String site = env.hasListeners() ? LockEnv.site() : null;
        env.lockdep().acquired(this, shared, trylock, site);
        if (site != null) {
            env.emit(new LockEvent(lockClass, owner, LockEvent.Kind.ACQUIRE, shared, trylock, site));
        }
    }

    final void release(boolean shared, Runnable unlock) {
        env.lockdep().released(this);
        if (env.hasListeners()) {
            env.emit(new LockEvent(lockClass, owner, LockEvent.Kind.RELEASE, shared, false, LockEnv.site()));
        }
        unlock.run();
        env.hooks().released(lockClass.lockName());
    }

    /** Waits until the lock is free without taking it ({@code folio_wait_locked}). */
    public final void waitUntilFree() {
        String name = lockClass.lockName();
        while (isLocked()) {
            if (env.hooks().controlled()) {
                env.hooks().waitFor(name);
            } else {
                // The holder may be descheduled: sleep briefly rather than spin.
                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            }
        }
    }

    /** @return whether anyone holds the lock in any mode. */
    public abstract boolean isLocked();

    final ContextViolation violation(String function, String requirement, Object dump) {
        return new ContextViolation(function + ": Context: " + requirement + ", but the calling thread does not hold "
                + lockClass.lockName() + " of " + owner + (dump == null ? "" : "\n  state: " + dump));
    }

    @Override
    public String toString() {
        return lockClass.lockName() + "(" + owner + ")";
    }
}
