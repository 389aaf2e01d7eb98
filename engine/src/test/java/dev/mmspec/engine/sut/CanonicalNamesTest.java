package dev.mmspec.engine.sut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalNamesTest {
    /** A stand-in for a folio: compared by identity, freed or not. */
    private static final class Thing {
        boolean freed;
    }

    @Test
    void namesTheLowestFreeIndexAndForgetsWhatIsGone() {
        CanonicalNames<Thing> names = new CanonicalNames<>(2);
        Thing a = new Thing();
        Thing b = new Thing();
        assertEquals(0, names.of(a));
        assertEquals(1, names.of(b));
        assertEquals(0, names.of(a));
        names.update(() -> List.of(b));
        Thing c = new Thing();
        assertEquals(0, names.of(c));
    }

    @Test
    void aNameGivenWhileTheLiveListIsReadIsNotForgotten() throws InterruptedException {
        // The stress mode's race: another thread allocates and locks an object while the abstraction reads the live
        // list, and names it for its lock. Read under the lock, the list is read before that thread may name it.
        CanonicalNames<Thing> names = new CanonicalNames<>(2, t -> t.freed);
        Thing locked = new Thing();
        Thread locker = new Thread(() -> names.of(locked));
        names.update(() -> {
            List<Thing> live = List.of(); // read before the locker's allocation
            locker.start();
            awaitBlockedOrDone(locker);
            return live;
        });
        locker.join();
        assertEquals(Arrays.asList(locked, null), names.byIndex(), "the locked object keeps the name it was given");
    }

    /** Waits until {@code thread} waits for a monitor or has ended: what it does next needs this one's lock. */
    private static void awaitBlockedOrDone(Thread thread) throws IllegalStateException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (thread.getState() != Thread.State.BLOCKED && thread.getState() != Thread.State.TERMINATED) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the naming thread neither blocked nor ended: " + thread.getState());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void withoutAReleasePredicateAFullDomainIsAnError() {
        CanonicalNames<Thing> names = new CanonicalNames<>(1);
        Thing a = new Thing();
        a.freed = true;
        names.of(a);
        assertThrows(IllegalStateException.class, () -> names.of(new Thing()));
    }

    @Test
    void aFullDomainGivesTheNamesOfReleasedObjectsToNewOnes() {
        CanonicalNames<Thing> names = new CanonicalNames<>(2, t -> t.freed);
        Thing a = new Thing();
        Thing b = new Thing();
        names.of(a);
        names.of(b);
        a.freed = true;
        Thing c = new Thing();
        assertEquals(0, names.of(c));
        assertEquals(1, names.of(b));
        assertThrows(IllegalStateException.class, () -> names.of(new Thing()), "b and c are both live");
    }

    @Test
    void aReleasedObjectKeepsItsNameWhileAnIndexIsFree() {
        // Lockstep's order: the copy a step allocates is named while the old page is still named, even if the
        // old page was freed by the end of the step (update() names new before it forgets gone).
        CanonicalNames<Thing> names = new CanonicalNames<>(2, t -> t.freed);
        Thing old = new Thing();
        names.of(old);
        old.freed = true;
        Thing copy = new Thing();
        names.update(() -> List.of(copy));
        assertEquals(1, names.of(copy));
    }
}
