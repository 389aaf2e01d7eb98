package dev.mmspec.runtime.lock;

/**
 * One acquisition or release of a watched lock.
 *
 * @param lockClass which class of lock
 * @param instance the object the lock belongs to (the {@code Folio}, {@code PageTable}, {@code Mm}, {@code AnonVma} or
 *     {@code AddressSpace}), so that a binding can map it to a spec index
 * @param kind acquire or release
 * @param shared whether an rwsem was taken (or is released) for read
 * @param trylock whether the acquisition was a trylock (it never waited)
 * @param site the runtime method that took or released it ({@code Reclaim.tryToUnmapOne:123})
 */
public record LockEvent(LockClass lockClass, Object instance, Kind kind, boolean shared, boolean trylock, String site) {

    public enum Kind {
        ACQUIRE,
        RELEASE
    }

    @Override
    public String toString() {
        return kind + " " + lockClass.lockName() + (shared ? "(read)" : "") + (trylock ? "(try)" : "") + " of "
                + instance + " at " + site;
    }
}
