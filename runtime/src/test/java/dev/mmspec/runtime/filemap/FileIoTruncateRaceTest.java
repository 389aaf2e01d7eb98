package dev.mmspec.runtime.filemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.ControlledScheduler.Stop;
import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Labels;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.Sim;
import dev.mmspec.runtime.folio.Folio;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * read(2) and pwrite(2) against a truncate that shrinks the file into the page they are about to lock. In the kernel
 * the inode lock keeps a write and a truncate apart, and filemap_read() reads i_size again once it has the folio ("if
 * (unlikely(iocb->ki_pos >= isize))"): neither may touch a byte past the new EOF of a partial last page, whose tail
 * truncate zeroed (truncate_inode_partial_folio). The runtime has no inode lock, so both look at i_size again under the
 * folio lock. The scheduler stops at the folio lock point too: the one point between their i_size check and the page.
 */
class FileIoTruncateRaceTest {
    private static final int PAGE = Folio.PAGE_SIZE;
    private static final String FOLIO_LOCK = "lock:folio_lock";

    private final Sim sim = new Sim(KernelConfig.defaults(), l -> Labels.isStep(l) || l.equals(FOLIO_LOCK));
    private final Kernel kernel = sim.kernel;
    private final AddressSpace file = kernel.createFile(PAGE);

    @AfterEach
    void invariantsHoldAndTheSchedulerStops() {
        assertEquals(List.of(), kernel.invariants().check());
        sim.close();
    }

    /** @return {@code body} started on task 1 and stopped at its folio lock point */
    private Stop stoppedAtTheFolioLock(Callable<Object> body) {
        Stop stop = sim.start(1, body);
        while (stop.kind() == Stop.Kind.POINT && !stop.label().equals(FOLIO_LOCK)) {
            stop = sim.step(1);
        }
        assertEquals(FOLIO_LOCK, stop.label(), stop.toString());
        return stop;
    }

    private void fillAndShrinkTo5WhileTask1Waits(Callable<Object> task1) {
        for (int pos = 0; pos < PAGE; pos++) {
            byte value = (byte) (pos + 1);
            long at = pos;
            assertEquals(Outcome.OK.toString(), sim.run(0, () -> kernel.fileIo().pwrite(file, at, value)));
        }
        stoppedAtTheFolioLock(task1);
        sim.run(0, () -> {
            kernel.truncate().truncate(file, 5); // byte 5 is the first past the new EOF
            return "";
        });
        assertEquals(0, file.peek(0).read(5), "truncate zeroed the tail of the partial page");
    }

    @Test
    void aPwriteThatWaitedWhileTruncateShrankTheFileDoesNotWritePastTheNewEof() {
        fillAndShrinkTo5WhileTask1Waits(() -> kernel.fileIo().pwrite(file, 5, (byte) 99));
        assertEquals(Outcome.SIGBUS.toString(), sim.finish(1), "pos 5 is at i_size 5 now");
        assertEquals(0, file.peek(0).read(5), "the tail stays zero");
        sim.run(0, () -> {
            kernel.truncate().truncate(file, PAGE);
            return "";
        });
        assertEquals(
                "0",
                sim.run(0, () -> kernel.fileIo().read(file, 5).value()),
                "grown again, it reads zeroes past the old EOF");
    }

    @Test
    void atEofOfAPartialLastPageNeitherReadsThePageIn() {
        // Both look at i_size before they fault: with no memory for the page, EOF is still EOF, not ENOMEM.
        Kernel tight = new Kernel(KernelConfig.defaults().withMaxFolios(1), sim.scheduler.hooks());
        AddressSpace small = tight.createFile(PAGE + 3L);
        Folio taken = tight.folios().alloc();
        FileIo.ReadResult r = tight.fileIo().read(small, PAGE + 3L);
        assertEquals(Outcome.OK, r.outcome());
        assertTrue(r.eof());
        assertEquals(Outcome.SIGBUS, tight.fileIo().pwrite(small, PAGE + 3L, (byte) 1));
        assertEquals(List.of(taken), tight.liveFolios());
        taken.put();
    }

    @Test
    void aReadThatWaitedWhileTruncateShrankTheFileSeesTheNewEof() {
        fillAndShrinkTo5WhileTask1Waits(() -> {
            FileIo.ReadResult r = kernel.fileIo().read(file, 5);
            return r.eof() + " " + r.outcome();
        });
        assertEquals("true OK", sim.finish(1), "read(2) returns 0 bytes at pos 5 == i_size 5");
        assertFalse(file.peek(0).lock().isLocked(), "read dropped the lock on its way out");
    }
}
