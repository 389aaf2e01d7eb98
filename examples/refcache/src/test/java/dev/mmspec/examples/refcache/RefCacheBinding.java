package dev.mmspec.examples.refcache;

import dev.mmspec.examples.refcache.RefCache.Entry;
import dev.mmspec.examples.refcache.RefCache.GetMode;
import dev.mmspec.generated.refcache.RefcacheBinding;
import dev.mmspec.generated.refcache.RefcacheState;
import dev.mmspec.contract.sched.SchedulingHooks;
import dev.mmspec.engine.sut.BindingContext;
import java.util.Locale;

/**
 * src/test/mmspec/refcache.mmspec on {@link RefCache}: each spec operation calls the cache's methods
 * one step at a time, with the step point before each; the cache's lock and counters come from the
 * context's {@link BindingContext#watch() watch}, so they report {@code cache_lock}'s events and
 * let the scheduler interleave inside a step without any code here.
 */
public final class RefCacheBinding implements RefcacheBinding {
    /** The spec's {@code domain Entry = 0..1}. */
    static final int ENTRIES = 2;

    /** Found by ServiceLoader (src/test/resources/META-INF/services). */
    public static final class Factory implements RefcacheBinding.Factory {
        @Override
        public RefcacheBinding create(BindingContext context) {
            return new RefCacheBinding(context, getMode(context, System.getProperty("refcache.seededBug", "none")));
        }
    }

    private final SchedulingHooks hooks;
    private final RefCache<Integer> cache;

    RefCacheBinding(BindingContext context, GetMode getMode) {
        this.hooks = context.hooks();
        this.cache = new RefCache<>(ENTRIES, getMode, context.watch());
        cache.insert(0); // the spec's init: entry 0 mapped at key 0, holding the cache's reference
    }

    /**
     * The spec's fix off is the unchecked increment; with every fix on, the cache is correct unless
     * {@code -Drefcache.seededBug} plants a bug the build must then find.
     */
    static GetMode getMode(BindingContext context, String seededBug) {
        if (context.fixesOff().contains("get_unless_zero")) {
            return GetMode.UNCHECKED;
        }
        switch (seededBug.toLowerCase(Locale.ROOT)) {
            case "none":
            case "":
                return GetMode.GET_UNLESS_ZERO;
            case "unchecked-get":
                return GetMode.UNCHECKED;
            case "check-then-set":
                return GetMode.CHECK_THEN_SET;
            default:
                throw new IllegalArgumentException("-Drefcache.seededBug=" + seededBug
                        + ": expected none, unchecked-get or check-then-set");
        }
    }

    @Override
    public String lookup(int k) {
        hooks.point("lookup.find");
        Entry entry = cache.find(k);
        if (entry == null) {
            return "miss";
        }
        hooks.point("lookup.get");
        if (!cache.tryGet(entry)) {
            return "miss";
        }
        hooks.point("lookup.put");
        cache.put(entry);
        return "hit";
    }

    @Override
    public String evict(int k) {
        hooks.point("evict.unhash");
        Entry entry = cache.unhash(k);
        if (entry == null) {
            return "";
        }
        hooks.point("evict.put");
        cache.put(entry);
        return "";
    }

    @Override
    public String insert(int k) {
        hooks.point("insert.add");
        cache.insert(k);
        return "";
    }

    @Override
    public void abstractState(RefcacheState state) {
        Entry mapped = cache.mappedWhileQuiescent(0);
        state.slot(0, mapped == null ? -1 : mapped.index());
        for (Entry entry : cache.entries()) {
            state.entryRef(entry.index(), entry.refcount()).entryLive(entry.index(), entry.live());
        }
    }
}
