package dev.mmspec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.sched.SchedulingHooks;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.LockEvent;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.rmap.AnonVma;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What one {@link Kernel} hands out and records: its files and processes, the BUGs it reached, the operations it
 * counted, the points and lock events it passes on; and the names its switches and outcomes have.
 */
class KernelTest {
    private final List<String> points = new ArrayList<>();
    private final SchedulingHooks hooks = new WatchedHooks(label -> {
        points.add(label);
    });
    private final Kernel kernel = new Kernel(KernelConfig.defaults().withMaxFolios(3), hooks);

    @Test
    void theConfigAndTheHooksAreTheOnesGiven() {
        assertEquals(3, kernel.config().maxFolios());
        assertSame(hooks, kernel.hooks());
        assertSame(SchedulingHooks.NONE, new Kernel(KernelConfig.defaults()).hooks());
        kernel.point(Labels.FILE_READ_COPY);
        assertEquals(List.of(Labels.FILE_READ_COPY), points, "a step point goes to the hooks");
        assertTrue(kernel.fixed(Fix.SWAP_PTE_EXCLUSIVE));
        assertFalse(new Kernel(KernelConfig.defaults().without(Fix.SWAP_PTE_EXCLUSIVE)).fixed(Fix.SWAP_PTE_EXCLUSIVE));
        assertFalse(kernel.injected(Injection.GUP_REF_AFTER_PTL));
        assertTrue(new Kernel(KernelConfig.defaults().injecting(Injection.GUP_REF_AFTER_PTL))
                .injected(Injection.GUP_REF_AFTER_PTL));
    }

    @Test
    void theSubsystemsAreOnePerKernel() {
        Kernel other = new Kernel(KernelConfig.defaults());
        List<Object> mine = subsystems(kernel);
        List<Object> again = subsystems(kernel);
        List<Object> theirs = subsystems(other);
        for (int i = 0; i < mine.size(); i++) {
            assertSame(mine.get(i), again.get(i), "subsystem " + i + " is the same each time");
            assertNotSame(mine.get(i), theirs.get(i), "subsystem " + i + " is the kernel's own");
        }
        assertNotSame(kernel.invariants(), kernel.invariants(), "a checker per call: it keeps no state");
    }

    private static List<Object> subsystems(Kernel k) {
        return Arrays.asList(
                k.locks(),
                k.lockdep(),
                k.folios(),
                k.zeroPage(),
                k.swap(),
                k.rmap(),
                k.swapCache(),
                k.filemap(),
                k.fileIo(),
                k.fault(),
                k.user(),
                k.gup(),
                k.gupCallers(),
                k.dma(),
                k.mmap(),
                k.fork(),
                k.madviseFree(),
                k.mremap(),
                k.reclaim(),
                k.migration(),
                k.ksm(),
                k.truncate(),
                k.writeback());
    }

    @Test
    void processesAreListedUntilForgotten() {
        Mm a = kernel.createMm();
        Mm b = kernel.createMm();
        assertNotSame(a, b);
        assertEquals(List.of(a, b), kernel.mms());
        kernel.forgetMm(a);
        assertEquals(List.of(b), kernel.mms());
        assertThrows(UnsupportedOperationException.class, () -> kernel.mms().add(a), "a copy the caller cannot change");
    }

    @Test
    void filesAreOfTheirKindAndSizeAndListed() {
        AddressSpace file = kernel.createFile(5000);
        AddressSpace shmem = kernel.createShmemFile(3);
        assertEquals(AddressSpace.Kind.REGULAR, file.kind());
        assertEquals(5000, file.iSize());
        assertEquals(AddressSpace.Kind.SHMEM, shmem.kind());
        assertEquals(3, shmem.iSize());
        assertEquals(List.of(file, shmem), kernel.files());
        assertFalse(file.toString().equals(kernel.createFile(5000).toString()), "each file has its own id");
    }

    @Test
    void aChildAnonVmaSharesItsParentsRoot() {
        AnonVma root = kernel.newAnonVma();
        AnonVma child = kernel.newAnonVma(root);
        assertSame(root, root.root());
        assertSame(root, child.root());
        assertSame(root, child.parent());
        assertSame(root.rwsem(), child.rwsem(), "anon_vma_lock_write() of any member locks the root");
    }

    @Test
    void aBugIsRecordedAndUnwindsTheCaller() {
        assertEquals(List.of(), kernel.bugs());
        KernelBug bug = assertThrows(KernelBug.class, () -> kernel.bug("a condition", "the dump"));
        assertEquals("a condition", bug.condition());
        assertEquals("BUG: a condition\n  the dump", bug.getMessage());
        assertEquals(List.of(bug), kernel.bugs());
        assertEquals("BUG: bare", new KernelBug("bare", "").getMessage(), "no dump, no dump line");
        assertEquals(
                "BUG: null obj\n  null",
                assertThrows(KernelBug.class, () -> kernel.bug("null obj", null))
                        .getMessage());
        assertEquals(2, kernel.bugs().size());
    }

    @Test
    void operationsAreCounted() {
        assertEquals(0, kernel.operations());
        kernel.countOperation();
        kernel.countOperation();
        assertEquals(2, kernel.operations());
        kernel.fileIo().read(kernel.createFile(1), 0);
        assertEquals(3, kernel.operations(), "read(2) is one operation");
    }

    @Test
    void lockEventsGoToEveryListener() {
        List<LockEvent> first = new ArrayList<>();
        List<LockEvent> second = new ArrayList<>();
        kernel.onLockEvent(first::add);
        kernel.onLockEvent(second::add);
        Folio folio = kernel.folios().alloc();
        folio.lock().lock();
        folio.lock().unlock();
        assertEquals(2, first.size(), first.toString());
        assertEquals(first, second);
        assertEquals(LockEvent.Kind.ACQUIRE, first.get(0).kind());
        assertSame(folio, first.get(0).instance());
        assertEquals(LockEvent.Kind.RELEASE, first.get(1).kind());
    }

    @Test
    void liveFoliosAreTheAllocatorsAndTheLimitIsTheConfigs() {
        Folio a = kernel.folios().alloc();
        Folio b = kernel.folios().alloc();
        Folio c = kernel.folios().alloc();
        assertEquals(List.of(a, b, c), kernel.liveFolios());
        assertEquals(null, kernel.folios().alloc(), "maxFolios 3");
        assertFalse(kernel.liveFolios().contains(kernel.zeroPage()), "the zero page is not allocated");
    }

    @Test
    void outcomesAreNamedAsSpecsNameThem() {
        assertEquals("", Outcome.OK.label());
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.OK) {
                assertEquals(o.name(), o.label());
            }
        }
    }

    @Test
    void injectionsLookUpByIdAndTheirSwitchNamesCarryThePrefix() {
        for (Injection injection : Injection.values()) {
            assertEquals(injection, Injection.byId(injection.id()));
            assertEquals("inject:" + injection.id(), injection.switchName());
            assertEquals(injection.name().toLowerCase(Locale.ROOT), injection.id());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Injection.byId("nope"));
        String known = String.join(
                ", ", Arrays.stream(Injection.values()).map(Injection::id).toList());
        assertEquals("unknown injection 'nope'; known ids: " + known, e.getMessage());
    }

    @Test
    void theKnownIdsInTheMessageAreCommaSeparatedWithoutALeadingComma() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fix.byId("x"));
        String known = "ksm_wrprotect_refcount, fork_copy_pinned, gup_write_notify, swap_pte_exclusive, "
                + "migration_rmap_lock, fault_truncate_recheck, gup_force_cow_recheck, cow_reuse_exclusive";
        assertEquals("unknown fix 'x'; known ids: " + known, e.getMessage());
    }

    @Test
    void everyLabelConstantIsListedAsAStepOrAWindow() throws IllegalAccessException {
        Set<String> steps = new HashSet<>();
        Set<String> windows = new HashSet<>();
        for (Field f : Labels.class.getFields()) {
            if (f.getType() != String.class || f.getName().endsWith("_PREFIX")) {
                continue;
            }
            String label = (String) f.get(null);
            (label.startsWith(Labels.WINDOW_PREFIX) ? windows : steps).add(label);
        }
        assertEquals(steps, Set.copyOf(Labels.all()), "a step label missing from all() is never stopped at");
        assertEquals(windows, Set.copyOf(Labels.windows()));
        assertFalse(windows.isEmpty());
    }

    @Test
    void stepLabelsAreNeitherLockNorWindowPoints() {
        for (String label : Labels.all()) {
            assertTrue(Labels.isStep(label), label);
        }
        for (String window : Labels.windows()) {
            assertFalse(Labels.isStep(window), window);
        }
        assertFalse(Labels.isStep("lock:ptl"));
        assertEquals(Labels.all().size(), Labels.all().stream().distinct().count(), "no label twice");
    }
}
