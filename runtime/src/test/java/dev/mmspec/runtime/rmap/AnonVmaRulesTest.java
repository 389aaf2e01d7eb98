package dev.mmspec.runtime.rmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.lock.ContextViolation;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.vma.Vma;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The anon_vma rules of mm/rmap.c that only a unit test sees: what each change of the tree requires to be held (the
 * root's rwsem for write, the mmap_lock, the folio lock for a walk), the anon_vma a folio needs before it can be
 * mapped, and anon_vma_clone()'s reuse only of an anon_vma with fewer than two children (7a3ef208e662).
 */
class AnonVmaRulesTest {
    private final Kernel kernel = new Kernel(KernelConfig.defaults());

    private static Vma vma(Mm mm) {
        return mm.vmas().get(0);
    }

    @Test
    void theTreeChangesOnlyUnderTheRootsRwsemForWrite() {
        AnonVma root = kernel.newAnonVma();
        AnonVma child = kernel.newAnonVma(root);
        Mm mm = kernel.createMm();
        Vma vma = mm.mmapAnonymous(0, 1, true);
        assertThrows(ContextViolation.class, () -> root.link(vma));
        assertThrows(ContextViolation.class, () -> child.unlink(vma));
        assertThrows(ContextViolation.class, () -> root.addChildren(1));
        assertThrows(ContextViolation.class, () -> child.addActiveVmas(1));
        root.rwsem().downRead();
        try {
            assertThrows(ContextViolation.class, () -> child.link(vma), "read is not enough");
        } finally {
            root.rwsem().upRead();
        }
        assertEquals(List.of(), root.vmas());
        assertEquals(0, root.numChildren());
        assertEquals(0, child.numActiveVmas());
        assertSame(root.rwsem(), child.rwsem(), "one lock per tree");
        assertTrue(child.toString().contains("root #") && child.toString().contains("parent #"), child.toString());
        assertEquals(-1, root.toString().indexOf("root #"), "a root names no root: " + root);
    }

    @Test
    void rmapChangesNeedTheMmapLockAndAWalkTheFolioLock() {
        Mm mm = kernel.createMm();
        Vma vma = mm.mmapAnonymous(0, 1, true);
        Vma other = kernel.createMm().mmapAnonymous(0, 1, true);
        assertThrows(ContextViolation.class, () -> kernel.rmap().anonVmaPrepare(vma));
        assertThrows(ContextViolation.class, () -> kernel.rmap().anonVmaClone(other, vma));
        assertThrows(ContextViolation.class, () -> kernel.rmap().unlinkAnonVmas(vma));
        kernel.user().write(mm, 0, 0, (byte) 1);
        Folio folio = mm.pte(0).presentFolio();
        assertThrows(ContextViolation.class, () -> kernel.rmap().walk(folio, (v, a) -> true));
        assertThrows(IllegalStateException.class, () -> kernel.rmap().anonVmaFor(other, true), "no anon_vma_prepare");
        assertSame(vma.anonVma(), kernel.rmap().anonVmaFor(vma, true));
    }

    @Test
    void anAnonVmaWithTwoChildrenIsNotReused() {
        Mm parent = kernel.createMm();
        parent.mmapAnonymous(0, 1, true);
        kernel.user().write(parent, 0, 0, (byte) 1);
        Mm middle = kernel.fork().fork(parent);
        AnonVma middles = vma(middle).anonVma();
        Mm first = kernel.fork().fork(middle);
        Mm second = kernel.fork().fork(middle);
        kernel.mmap().exit(middle);
        assertEquals(2, middles.numChildren());
        assertEquals(0, middles.numActiveVmas(), "no VMA has it as its own any more");
        Mm grandchild = kernel.fork().fork(first);
        assertNotSame(middles, vma(grandchild).anonVma(), "two children: reusing it would grow it further");
        kernel.mmap().exit(second);
        assertEquals(1, middles.numChildren());
        Mm reuser = kernel.fork().fork(first);
        assertSame(middles, vma(reuser).anonVma(), "one child left: reused");
        assertEquals(List.of(), kernel.invariants().check());
    }
}
