package dev.mmspec.runtime.folio;

import dev.mmspec.runtime.KernelBug;
import dev.mmspec.runtime.lock.LockEnv;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The page allocator of one kernel: a bounded number of live folios (so a test can mirror a spec's folio domain),
 * serials that are never reused, and the set of live folios for abstraction and invariant checks.
 */
public final class FolioAllocator {
    private final LockEnv env;
    private final int limit;
    private final Consumer<KernelBug> bugs;
    private final AtomicLong serials = new AtomicLong();
    private final AtomicInteger live = new AtomicInteger();
    private final ConcurrentSkipListMap<Long, Folio> folios = new ConcurrentSkipListMap<>();
    private final AtomicLong allocations = new AtomicLong();
    private final Folio zeroPage;

    public FolioAllocator(LockEnv env, int limit, Consumer<KernelBug> bugs) {
        this.env = env;
        this.limit = limit;
        this.bugs = bugs;
        this.zeroPage = Folio.zeroPage(this, env);
    }

    /** ZERO_PAGE(0): the one shared zero page of this kernel. */
    public Folio zeroPage() {
        return zeroPage;
    }

    /** Records a BUG found by a folio operation and returns it for the caller to throw. */
    KernelBug bug(String condition, Object dump) {
        KernelBug bug = new KernelBug(condition, String.valueOf(dump));
        bugs.accept(bug);
        return bug;
    }

    /** folio_alloc(): a zero-filled folio with one reference, or null when memory is exhausted. */
    public Folio alloc() {
        while (true) {
            int n = live.get();
            if (n >= limit) {
                return null;
            }
            if (live.compareAndSet(n, n + 1)) {
                break;
            }
        }
        Folio folio = new Folio(this, env, serials.incrementAndGet());
        folios.put(folio.serial(), folio);
        allocations.incrementAndGet();
        return folio;
    }

    /** Called when the last reference goes: the kernel's bad_page() checks come first. */
    void free(Folio folio) {
        if (folio.locked() || folio.mapped() || folio.swapcache() || folio.pincount() > 0) {
            throw bug("bad page state: freeing a folio still in use", folio);
        }
        release(folio);
    }

    /** Returns a folio whose count was frozen to zero ({@link Folio#refFreeze}) to the allocator. */
    public void release(Folio folio) {
        if (folio.refcount() != 0) {
            throw new IllegalStateException("releasing a referenced folio: " + folio);
        }
        folio.markFreed();
        if (folios.remove(folio.serial()) != null) {
            live.decrementAndGet();
        }
    }

    /** @return the live folios, by serial (allocation order). */
    public List<Folio> live() {
        return List.copyOf(folios.values());
    }

    public int liveCount() {
        return live.get();
    }

    public long allocations() {
        return allocations.get();
    }
}
