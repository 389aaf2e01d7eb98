package dev.mmspec.runtime.selftests;

import static dev.mmspec.runtime.selftests.Proc.memset;
import static dev.mmspec.runtime.selftests.Proc.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.runtime.Kernel;
import dev.mmspec.runtime.Outcome;
import dev.mmspec.runtime.filemap.AddressSpace;
import dev.mmspec.runtime.folio.Folio;
import dev.mmspec.runtime.mm.Mm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * tools/testing/selftests/mm/rmap.c: the migrate fixture's cases. propagate_children() builds a process tree
 * TOTAL_LEVEL (5) deep with 1 to MAX_CHILDREN (3) children each; one process at a random level migrates the shared page
 * (move_pages, retried up to 100 times); every other process must then map the page it moved to (has_same_pfn, a folio
 * serial here). The selftest seeds with time(NULL); here each tree case runs with two fixed seeds, so it is
 * reproducible.
 */
class RmapTest {
    private static final int TOTAL_LEVEL = 5;
    private static final int MAX_CHILDREN = 3;
    private static final long REGION = 0;
    private static final long[] SEEDS = {1, 2};

    @TestFactory
    Stream<DynamicTest> migrate() {
        List<SelftestCase> cases = new ArrayList<>();
        for (long seed : SEEDS) {
            cases.add(new SelftestCase(
                    "migrate.anon (seed " + seed + ")",
                    "rmap.c TEST_F(migrate, anon)",
                    null,
                    k -> moveAndCheck(k, tree(k, seed, shared(k, null), RmapTest::accessRegion))));
            cases.add(new SelftestCase(
                    "migrate.shm (seed " + seed + ")",
                    "rmap.c TEST_F(migrate, shm)",
                    null,
                    k -> moveAndCheck(
                            k, tree(k, seed, shared(k, k.createShmemFile(Folio.PAGE_SIZE)), RmapTest::accessRegion))));
            cases.add(new SelftestCase(
                    "migrate.file (seed " + seed + ")",
                    "rmap.c TEST_F(migrate, file)",
                    null,
                    k -> moveAndCheck(
                            k, tree(k, seed, shared(k, k.createFile(Folio.PAGE_SIZE)), RmapTest::accessRegion))));
            cases.add(new SelftestCase(
                    "migrate.ksm (seed " + seed + ")",
                    "rmap.c TEST_F(migrate, ksm)",
                    null,
                    k -> mergeAndMigrate(k, tree(k, seed, k.createMm(), RmapTest::prepareLocalRegion))));
        }
        cases.add(new SelftestCase(
                "migrate.ksm_and_mremap", "rmap.c TEST_F(migrate, ksm_and_mremap)", null, RmapTest::ksmAndMremap));
        return SelftestCase.tests(cases);
    }

    /**
     * The root's region before the tree: private anonymous (file null) or a shared mapping of the file, memset to 0xcf.
     */
    private static Mm shared(Kernel kernel, AddressSpace file) {
        Mm root = kernel.createMm();
        if (file == null) {
            root.mmapAnonymous(REGION, 1, true);
        } else {
            root.mmapFile(file, REGION, 1, 0, true, true);
        }
        memset(kernel, root, REGION, 0xcf);
        return root;
    }

    /** access_region(): FORCE_READ(*data->region). */
    private static void accessRegion(Kernel kernel, Mm mm) {
        read(kernel, mm, REGION);
    }

    /** prepare_local_region(): each process maps its own private region with the same data. */
    private static void prepareLocalRegion(Kernel kernel, Mm mm) {
        mm.mmapAnonymous(REGION, 1, true);
        memset(kernel, mm, REGION, 0xcf);
    }

    /** One process of the tree. */
    private record Process(Mm mm, int level, boolean worker) {}

    /** The tree: every process, and the worker. */
    private record Tree(List<Process> processes, Process worker) {}

    /** propagate_children() up to do_work: the tree, and do_prepare in every process. */
    private static Tree tree(Kernel kernel, long seed, Mm root, BiConsumer<Kernel, Mm> prepare) {
        Random random = new Random(seed);
        int workerLevel = random.nextInt(TOTAL_LEVEL) + 1;
        List<Process> processes = new ArrayList<>();
        propagate(kernel, new Process(root, 1, true), random.nextLong(), processes);
        for (Process p : processes) {
            prepare.accept(kernel, p.mm());
        }
        Process worker = processes.stream()
                .filter(p -> p.worker() && p.level() == workerLevel)
                .findFirst()
                .orElseThrow();
        return new Tree(processes, worker);
    }

    /** do_work (move_region) in the worker, do_check (has_same_pfn) in all the others. */
    private static boolean moveAndCheck(Kernel kernel, Tree tree) {
        return moveRegion(kernel, tree.worker()) && sameFolioEverywhere(tree);
    }

    /** The fork loop of propagate_children(): 1 to MAX_CHILDREN children, one of them the next worker. */
    private static void propagate(Kernel kernel, Process process, long seed, List<Process> out) {
        out.add(process);
        if (process.level() == TOTAL_LEVEL) {
            return;
        }
        Random random = new Random(seed);
        int children = random.nextInt(MAX_CHILDREN) + 1;
        int workerChild = process.worker() ? random.nextInt(children) : -1;
        for (int c = 0; c < children; c++) {
            Mm child = kernel.fork().fork(process.mm());
            propagate(kernel, new Process(child, process.level() + 1, c == workerChild), seed + c + 1, out);
        }
    }

    /** move_region(): try_to_move_page(), then record the pfn. */
    private static boolean moveRegion(Kernel kernel, Process worker) {
        Folio before = worker.mm().pte(REGION).presentFolio();
        for (int failures = 0; failures < 100; failures++) {
            if (kernel.migration().migrate(worker.mm(), REGION).outcome() == Outcome.OK) {
                assertNotEquals(before, worker.mm().pte(REGION).presentFolio(), "the page moved");
                return true;
            }
        }
        return false;
    }

    /** has_same_pfn() in every process, and the data each reads unchanged. */
    private static boolean sameFolioEverywhere(Tree tree) {
        Folio expected = tree.worker().mm().pte(REGION).presentFolio();
        for (Process p : tree.processes()) {
            if (p.mm().pte(REGION).presentFolio() != expected) {
                return false;
            }
        }
        return expected.holds(0, filled(0xcf));
    }

    /** merge_and_migrate(): KSM merges every process's page into one stable folio, the worker migrates it. */
    private static boolean mergeAndMigrate(Kernel kernel, Tree tree) {
        for (Process p : tree.processes()) {
            assertEquals(Outcome.OK, kernel.ksm().merge(p.mm(), REGION), "ksm_start()");
        }
        Folio kpage = tree.worker().mm().pte(REGION).presentFolio();
        assertTrue(
                kpage.ksm() && sameFolioEverywhere(tree),
                "one KSM page for all " + tree.processes().size());
        return moveRegion(kernel, tree.worker())
                && tree.worker().mm().pte(REGION).presentFolio().ksm()
                && sameFolioEverywhere(tree);
    }

    /** TEST_F(migrate, ksm_and_mremap): 16 pages mremap()ed over 16 others, merged into one KSM page, migrated. */
    private static boolean ksmAndMremap(Kernel kernel) {
        int pages = 16;
        Mm mm = kernel.createMm();
        mm.mmapAnonymous(0, 2 * pages, true);
        for (long a = 0; a < 2 * pages; a++) {
            memset(kernel, mm, a, 0x77);
        }
        assertEquals(Outcome.OK, kernel.mremap().mremap(mm, pages, pages, 0));
        for (long a = 0; a < pages; a++) {
            assertEquals(Outcome.OK, kernel.ksm().merge(mm, a), "MADV_MERGEABLE + ksm_start()");
        }
        Folio old = mm.pte(0).presentFolio();
        if (!rangeMapsTheSameFolio(mm, pages, old)) {
            return false;
        }
        for (int failures = 0; failures < 100; failures++) {
            if (kernel.migration().migrate(mm, 0).outcome() == Outcome.OK) {
                Folio moved = mm.pte(0).presentFolio();
                return moved != old && moved.ksm() && rangeMapsTheSameFolio(mm, pages, moved);
            }
        }
        return false;
    }

    private static boolean rangeMapsTheSameFolio(Mm mm, int pages, Folio folio) {
        for (long a = 0; a < pages; a++) {
            if (mm.pte(a).presentFolio() != folio) {
                return false;
            }
        }
        return true;
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[Folio.PAGE_SIZE];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
