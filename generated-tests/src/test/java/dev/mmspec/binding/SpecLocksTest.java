package dev.mmspec.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.contract.sched.SchedulingHooks;
import dev.mmspec.engine.sut.BindingContext;
import dev.mmspec.engine.sut.CanonicalNames;
import dev.mmspec.engine.sut.SpecLockEvent;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockClass;
import dev.mmspec.runtime.lock.LockEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The translation of the runtime's lock events to the spec's, with folios renamed while their lock is held. */
class SpecLocksTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults());
    private final CanonicalNames<Folio> folios = new CanonicalNames<>(2, Folio::freed);
    private final List<SpecLockEvent> reported = new ArrayList<>();
    private final Consumer<LockEvent> translator = SpecLocks.translator(
            new BindingContext(Set.of(), SchedulingHooks.NONE, reported::add, () -> 0),
            e -> SpecLocks.pageTableOrFolio(e, folios));

    @Test
    void aReleaseReleasesTheNameItsAcquisitionTook() {
        // The pagecache_remove stress report (the app took invalidate_lock at Filemap.fault:58 "while holding"
        // folio_lock[1] from Filemap.fault:71), replayed in an order real threads can run it in. The removed folio
        // was named 0 and is freed; the writer's abstraction (before it starts a pwrite) reads the live folios:
        // none. The app's next fault reads the file into a fresh folio and locks it: named 1, as 0 is not forgotten
        // yet. The writer renames from its list, forgetting both, then names the cached folio 0.
        // (A list read before the names' lock, as the bindings read it before update took a supplier.)
        Folio removed = kernel.folios().alloc();
        assertEquals(0, folios.of(removed));
        removed.put();
        List<Folio> liveBeforeTheFault = List.copyOf(kernel.liveFolios());
        Folio faulted = kernel.folios().alloc();
        translator.accept(event(faulted, LockEvent.Kind.ACQUIRE, "Filemap.fault:71"));
        folios.update(() -> liveBeforeTheFault);
        assertEquals(0, folios.of(faulted), "the abstraction names the cached folio anew");
        // finish_fault() maps it and unlocks it.
        translator.accept(event(faulted, LockEvent.Kind.RELEASE, "FileFault.mapFolio:121"));

        assertEquals(
                List.of("ACQUIRE folio_lock[1]", "RELEASE folio_lock[1]"),
                reported.stream().map(e -> e.kind() + " " + e.instance()).toList(),
                "the stress run's lock-order check would keep folio_lock[1] held for good");
    }

    @Test
    void aReleaseNotSeenTakenIsNamedAsTheFolioIsCalledNow() {
        // Taken before the task ran (the test thread's setup is not reported): nothing to match, the name of now.
        Folio folio = kernel.folios().alloc();
        translator.accept(event(folio, LockEvent.Kind.ACQUIRE, "taken"));
        translator.accept(event(folio, LockEvent.Kind.RELEASE, "released"));
        folios.update(List::of);
        folios.of(kernel.folios().alloc());
        translator.accept(event(folio, LockEvent.Kind.RELEASE, "released again"));
        assertEquals(
                List.of("folio_lock[0]", "folio_lock[0]", "folio_lock[1]"),
                reported.stream().map(SpecLockEvent::instance).toList());
    }

    private static LockEvent event(Folio folio, LockEvent.Kind kind, String site) {
        return new LockEvent(LockClass.FOLIO_LOCK, folio, kind, false, false, site);
    }
}
