package dev.mmspec.runtime.lock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A lockdep-style checker: it learns, per lock class, which classes were taken while which were held, and reports an
 * acquisition that closes a cycle in that graph (a possible ABBA deadlock) with the site of both orders. Nesting two
 * locks of the same class (fork's two PT locks, the two mmap_locks of parent and child) is the kernel's {@code _nested}
 * annotation and is not an edge; trylocks never wait, so they are not edges either.
 */
public final class Lockdep {

    /** A lock the current thread holds; {@code site} is null unless lock events are being listened to. */
    public record Held(LockdepLock lock, boolean shared, String site) {}

    private static final int N = LockClass.values().length;

    private final ThreadLocal<List<Held>> held = ThreadLocal.withInitial(ArrayList::new);
    private final String[][] edgeSite = new String[N][N];
    private final boolean[][] known = new boolean[N][N];
    private final List<LockInversion> inversions = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicLong acquisitions = new java.util.concurrent.atomic.AtomicLong();

    void acquired(LockdepLock lock, boolean shared, boolean trylock, String site) {
        List<Held> mine = held.get();
        if (!trylock) {
            for (Held h : mine) {
                LockClass from = h.lock().lockClass();
                if (from != lock.lockClass() && !isKnown(from, lock.lockClass())) {
                    // New dependency: worth a stack walk, which shows the holder's frame too.
                    addEdge(
                            from,
                            lock.lockClass(),
                            "holding " + from.lockName()
                                    + (h.site() != null ? " from " + h.site() : "") + ", took "
                                    + lock.lockClass().lockName()
                                    + " at " + LockEnv.sites(6));
                }
            }
        }
        mine.add(new Held(lock, shared, site));
        acquisitions.incrementAndGet();
    }

    private synchronized boolean isKnown(LockClass from, LockClass to) {
        return known[from.ordinal()][to.ordinal()];
    }

    void released(LockdepLock lock) {
        List<Held> mine = held.get();
        for (int i = mine.size() - 1; i >= 0; i--) {
            if (mine.get(i).lock() == lock) {
                mine.remove(i);
                return;
            }
        }
        throw new ContextViolation("releasing " + lock + " which this thread does not hold");
    }

    private synchronized void addEdge(LockClass from, LockClass to, String site) {
        if (known[from.ordinal()][to.ordinal()]) {
            return;
        }
        known[from.ordinal()][to.ordinal()] = true;
        String reverse = path(to, from, new boolean[N]);
        if (reverse != null) {
            inversions.add(new LockInversion(from, to, site, reverse));
        }
        edgeSite[from.ordinal()][to.ordinal()] = site;
    }

    /** @return the sites along a learned path from {@code a} to {@code b}, or null. */
    private String path(LockClass a, LockClass b, boolean[] seen) {
        seen[a.ordinal()] = true;
        for (LockClass next : LockClass.values()) {
            String site = edgeSite[a.ordinal()][next.ordinal()];
            if (site == null || seen[next.ordinal()]) {
                continue;
            }
            if (next == b) {
                return site;
            }
            String rest = path(next, b, seen);
            if (rest != null) {
                return site + "; then " + rest;
            }
        }
        return null;
    }

    /** @return the inversions seen so far. */
    public List<LockInversion> inversions() {
        synchronized (inversions) {
            return List.copyOf(inversions);
        }
    }

    /** @return the locks the calling thread holds, oldest first. */
    public List<Held> heldByCurrentThread() {
        return List.copyOf(held.get());
    }

    /** @return the learned order as "a -> b" pairs, for reports. */
    public synchronized List<String> learnedOrder() {
        List<String> out = new ArrayList<>();
        for (LockClass a : LockClass.values()) {
            for (LockClass b : LockClass.values()) {
                if (edgeSite[a.ordinal()][b.ordinal()] != null) {
                    out.add(a.lockName() + " -> " + b.lockName());
                }
            }
        }
        return out;
    }

    public long acquisitions() {
        return acquisitions.get();
    }
}
