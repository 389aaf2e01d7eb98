package dev.mmspec.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.KernelConfig;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import dev.mmspec.runtime.pagetable.Pte;
import dev.mmspec.runtime.rmap.AnonVma;
import dev.mmspec.runtime.vma.Vma;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The anon_vma tree as anon_vma_fork() and anon_vma_clone() build it (mm/rmap.c): every forked VMA gets an anon_vma of
 * its own under its parent's, is chained to all of its ancestors' anon_vmas, reuses an anon_vma no VMA owns any more,
 * and rmap_walk_anon() walks only the tree of the folio's own anon_vma.
 */
class AnonVmaForkTest extends KernelFixture {

    private Vma vma(Mm p) {
        return p.findVma(0);
    }

    private AnonVma own(Mm p) {
        return vma(p).anonVma();
    }

    /** mm writes page 0 (its anon_vma is the root), then forks a child, which forks a grandchild. */
    private List<Mm> line() {
        mm.mmapAnonymous(0, 2, true);
        kernel.user().write(mm, 0, 0, (byte) 7);
        Mm child = kernel.fork().fork(mm);
        Mm grandchild = kernel.fork().fork(child);
        return List.of(mm, child, grandchild);
    }

    /** The VMAs rmap_walk() visits for the folio mapped at page 0 of {@code p}. */
    private List<Mm> walked(Folio folio) {
        List<Mm> visited = new ArrayList<>();
        folio.lock().lock();
        try {
            kernel.rmap().walk(folio, (v, address) -> visited.add(v.mm()));
        } finally {
            folio.lock().unlock();
        }
        return visited;
    }

    @Test
    void eachForkedVmaGetsItsOwnAnonVmaUnderItsParentsAndIsChainedToEveryAncestor() {
        List<Mm> line = line();
        AnonVma root = own(line.get(0));
        AnonVma child = own(line.get(1));
        AnonVma grandchild = own(line.get(2));
        assertSame(root, root.root());
        assertSame(root, root.parent());
        assertSame(root, child.parent());
        assertSame(root, child.root());
        assertSame(child, grandchild.parent());
        assertSame(root, grandchild.root());
        assertEquals(List.of(root), vma(line.get(0)).anonVmaChain());
        assertEquals(List.of(child, root), vma(line.get(1)).anonVmaChain());
        assertEquals(List.of(grandchild, child, root), vma(line.get(2)).anonVmaChain(), "newest first");
        assertEquals(List.of(vma(line.get(0)), vma(line.get(1)), vma(line.get(2))), root.vmas());
        assertEquals(List.of(vma(line.get(1)), vma(line.get(2))), child.vmas());
        assertEquals(List.of(vma(line.get(2))), grandchild.vmas());
        assertSame(root.rwsem(), grandchild.rwsem(), "one lock for the tree: the root's");
        assertEquals(2, root.numChildren(), "its self-parent link and the child's");
        assertEquals(1, child.numChildren());
        assertEquals(0, grandchild.numChildren());
        assertEquals(1, root.numActiveVmas());
    }

    @Test
    void aPageTheParentCreatedIsFoundInEveryDescendant() {
        List<Mm> line = line();
        Folio folio = mm.pte(0).presentFolio();
        assertSame(own(mm), folio.mapping());
        assertEquals(line, walked(folio));
    }

    @Test
    void aChildsCowedPageIsNotFoundThroughTheParentsAnonVma() {
        List<Mm> line = line();
        Mm child = line.get(1);
        kernel.user().write(child, 0, 0, (byte) 8);
        Folio copy = child.pte(0).presentFolio();
        assertSame(own(child), copy.mapping(), "a COWed page goes to the child's own anon_vma");
        assertEquals(List.of(child, line.get(2)), walked(copy), "the child and its descendants only");
        Folio original = mm.pte(0).presentFolio();
        assertNotSame(original, copy);
        // Reclaim of the child's copy touches nothing of the parent's.
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(child, 0));
        assertInstanceOf(Pte.Swap.class, child.pte(0));
        assertSame(original, mm.pte(0).presentFolio());
        assertSame(original, line.get(2).pte(0).presentFolio());
        assertEquals(8, kernel.user().read(child, 0, 0).value());
        assertEquals(7, kernel.user().read(mm, 0, 0).value());
        assertEquals(7, kernel.user().read(line.get(2), 0, 0).value());
    }

    @Test
    void aPageSwappedInFromASharedSwapEntryGoesToTheRootSoThatEveryProcessIsFoundAgain() {
        List<Mm> line = line();
        Mm grandchild = line.get(2);
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0));
        for (Mm p : line) {
            assertInstanceOf(Pte.Swap.class, p.pte(0));
        }
        // The grandchild faults it in first; its own anon_vma's tree would not hold the others.
        assertEquals(7, kernel.user().read(grandchild, 0, 0).value());
        Folio folio = grandchild.pte(0).presentFolio();
        assertSame(own(mm), folio.mapping(), "__folio_set_anon(): a shared page takes the oldest anon_vma");
        assertEquals(7, kernel.user().read(mm, 0, 0).value());
        assertEquals(7, kernel.user().read(line.get(1), 0, 0).value());
        assertEquals(Outcome.OK, kernel.reclaim().swapOut(mm, 0), "every PTE found again");
        for (Mm p : line) {
            assertInstanceOf(Pte.Swap.class, p.pte(0), p + " unmapped");
            assertEquals(7, kernel.user().read(p, 0, 0).value());
        }
    }

    @Test
    void exitUnlinksTheVmaFromEveryAnonVmaOfItsChain() {
        List<Mm> line = line();
        Mm grandchild = line.get(2);
        AnonVma root = own(mm);
        AnonVma child = own(line.get(1));
        Vma gone = vma(grandchild);
        kernel.mmap().exit(grandchild);
        assertNull(gone.anonVma());
        assertEquals(List.of(), gone.anonVmaChain());
        assertEquals(List.of(vma(mm), vma(line.get(1))), root.vmas());
        assertEquals(List.of(vma(line.get(1))), child.vmas());
        assertEquals(0, child.numChildren(), "the grandchild's anon_vma emptied and left its parent");
        assertEquals(Outcome.OK, kernel.mmap().munmap(line.get(1), 0, 2));
        assertEquals(List.of(vma(mm)), root.vmas());
        assertEquals(1, root.numChildren(), "only the root's self-parent link is left");
        assertEquals(0, child.numActiveVmas());
    }

    @Test
    void aForkReusesAnAnonVmaThatNoVmaOwnsAndThatHasOneChild() {
        List<Mm> line = line();
        Mm child = line.get(1);
        Mm grandchild = line.get(2);
        AnonVma childs = own(child);
        kernel.mmap().exit(child);
        assertEquals(0, childs.numActiveVmas());
        assertEquals(1, childs.numChildren());
        Mm greatGrandchild = kernel.fork().fork(grandchild);
        assertSame(childs, own(greatGrandchild), "anon_vma_clone() reused it (7a3ef208e662)");
        assertEquals(1, childs.numActiveVmas());
        assertEquals(
                List.of(own(grandchild), childs, own(mm)), vma(greatGrandchild).anonVmaChain());
        // The reused anon_vma takes the new process's COWed pages, and rmap finds them there.
        kernel.user().write(greatGrandchild, 0, 0, (byte) 9);
        Folio copy = greatGrandchild.pte(0).presentFolio();
        assertSame(childs, copy.mapping());
        assertEquals(Outcome.OK, kernel.migration().migrate(greatGrandchild, 0).outcome());
        assertEquals(9, kernel.user().read(greatGrandchild, 0, 0).value());
        assertEquals(7, kernel.user().read(grandchild, 0, 0).value());
    }

    @Test
    void aForkAllocatesAFreshAnonVmaWhenEveryAncestorsIsOwnedOrHasTwoChildren() {
        List<Mm> line = line();
        Mm grandchild = line.get(2);
        Mm greatGrandchild = kernel.fork().fork(grandchild);
        AnonVma fresh = own(greatGrandchild);
        assertTrue(vma(grandchild).anonVmaChain().stream().noneMatch(a -> a == fresh), "no reuse while all are owned");
        assertSame(own(grandchild), fresh.parent());
        // The root is never reused: with the parent gone it keeps its self-parent link and a child.
        Mm sibling = kernel.fork().fork(mm);
        kernel.mmap().exit(mm);
        Mm nephew = kernel.fork().fork(sibling);
        assertNotSame(own(line.get(1)).root(), own(nephew));
        assertSame(own(sibling), own(nephew).parent());
    }

    @Test
    void invariantsCatchAVmaMissingFromItsOwnChain() {
        Kernel other = new Kernel(KernelConfig.defaults());
        Mm p = other.createMm();
        p.mmapAnonymous(0, 1, true);
        other.user().write(p, 0, 0, (byte) 1);
        Mm c = other.fork().fork(p);
        assertEquals(List.of(), other.invariants().check());
        c.mmapLock().downWrite();
        vma(c).chainClear();
        c.mmapLock().upWrite();
        List<String> violations = other.invariants().check();
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("anon_vma_on_own_chain")), violations.toString());
    }
}
