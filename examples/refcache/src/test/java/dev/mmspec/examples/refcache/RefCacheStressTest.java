package dev.mmspec.examples.refcache;

import dev.mmspec.generated.refcache.RefcacheConformance;
import dev.mmspec.generated.refcache.RefcacheModel;
import dev.mmspec.engine.sut.BindingStress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same binding on real threads, uncontrolled: the spec's invariants at every quiescent point. */
class RefCacheStressTest {
    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("refcache.stressSeconds", 2));

    @Test
    void realThreadsKeepEveryInvariantAtQuiescentPoints() {
        BindingStress.assertHolds(new RefcacheModel(), RefcacheConformance.supplier(List.of()), DURATION, 42);
    }
}
