package dev.mmspec.runtime.lock;

/**
 * Lockdep's report: {@code acquired} was taken while holding {@code held} at {@code site}, but the opposite order was
 * established earlier at {@code establishedSite}. Either order alone is fine; both together can deadlock.
 */
public record LockInversion(LockClass held, LockClass acquired, String site, String establishedSite) {
    @Override
    public String toString() {
        return "possible deadlock: " + acquired.lockName() + " taken while holding " + held.lockName() + " at " + site
                + "; the order " + acquired.lockName() + " -> " + held.lockName() + " was established at "
                + establishedSite;
    }
}
