package dev.mmspec.contract.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import dev.mmspec.contract.model.ModelInfo.ValueType;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DomainSymmetry} on a hand-built layout shaped like a small MM spec: {@code folio[Folio] { ref: 0..3, dirty:
 * bool }}, {@code lock folio_lock[Folio]}, {@code pte[Addr].folio: Folio?} and one task whose operation {@code fault}
 * has a local {@code f: Folio?} in the same bits as the parameter {@code a: Addr} of its operation {@code scan}.
 */
class DomainSymmetryTest {
    private static final int FOLIOS = 3;
    private static final int FAULT = 1;
    private static final int SCAN = 2;

    private final List<Slot> slots = new ArrayList<>();
    private final Slot[] ref = new Slot[FOLIOS];
    private final Slot[] dirty = new Slot[FOLIOS];
    private final Slot[] lock = new Slot[FOLIOS];
    private final Slot[] pte = new Slot[2];
    private final Slot op;
    private final Slot faultF;
    private final Slot scanA;
    private final DomainSymmetry symmetry;

    DomainSymmetryTest() {
        for (int f = 0; f < FOLIOS; f++) {
            // Elements spread over two words, as a big record array would be.
            ref[f] = add("folio[" + f + "].ref", SlotKind.STATE, f, 0, 2, new ValueType.IntType(), -1);
            dirty[f] = add("folio[" + f + "].dirty", SlotKind.STATE, f, 2, 1, new ValueType.BoolType(), -1);
            lock[f] = add(
                    "lock folio_lock[" + f + "]",
                    SlotKind.LOCK_OWNER,
                    3,
                    8 * f,
                    2,
                    new ValueType.OwnerType(List.of("t0")),
                    -1);
        }
        for (int a = 0; a < 2; a++) {
            pte[a] = add(
                    "pte[" + a + "].folio",
                    SlotKind.STATE,
                    3,
                    30 + 2 * a,
                    2,
                    new ValueType.OptionalType("Folio", 0),
                    -1);
        }
        op = add("t0.op", SlotKind.TASK_OP, 4, 0, 2, new ValueType.OperationType(List.of("fault", "scan")), 0);
        faultF = add("t0.fault.f", SlotKind.TASK_LOCAL, 4, 2, 2, new ValueType.OptionalType("Folio", 0), 0);
        scanA = add("t0.scan.a", SlotKind.TASK_PARAM, 4, 2, 2, new ValueType.IntType(), 0);
        ModelInfo info = ModelInfo.builder("folios")
                .sourcePath("spec/folios.mmspec")
                .stateWords(5)
                .slots(slots)
                .tasks("t0")
                .symmetricDomains(new ModelInfo.SymmetricDomain("Folio", 0, FOLIOS, List.of()))
                .build();
        int[][] own = new int[FOLIOS][];
        for (int f = 0; f < FOLIOS; f++) {
            own[f] = new int[] {slots.indexOf(ref[f]), slots.indexOf(dirty[f]), slots.indexOf(lock[f])};
        }
        int[] values = {slots.indexOf(pte[0]), slots.indexOf(pte[1]), slots.indexOf(faultF)};
        symmetry = new DomainSymmetry(info, "Folio", own, values, new int[] {0, 0, FAULT});
    }

    private Slot add(String name, SlotKind kind, int word, int shift, int bits, ValueType type, int task) {
        Slot slot = new Slot(name, kind, word, shift, bits, 0, (1 << bits) - 1, type, task);
        slots.add(slot);
        return slot;
    }

    /** Folio {@code f} has ref {@code refs[f]}, dirty {@code dirties[f]}, its lock owner {@code owners[f]}. */
    private long[] state(int[] refs, int[] dirties, int[] owners, int pte0, int pte1, int operation, int variable) {
        long[] s = new long[5];
        for (int f = 0; f < FOLIOS; f++) {
            ref[f].set(s, refs[f]);
            dirty[f].set(s, dirties[f]);
            lock[f].set(s, owners[f]);
        }
        pte[0].set(s, pte0 + 1);
        pte[1].set(s, pte1 + 1);
        op.set(s, operation);
        faultF.set(s, variable); // a stored Folio? while fault runs, the parameter a of scan otherwise
        return s;
    }

    /** The state where folio {@code f} of {@code s} is called {@code perm[f]}. */
    private long[] renamed(long[] s, int[] perm) {
        long[] out = s.clone();
        for (int f = 0; f < FOLIOS; f++) {
            ref[perm[f]].set(out, ref[f].get(s));
            dirty[perm[f]].set(out, dirty[f].get(s));
            lock[perm[f]].set(out, lock[f].get(s));
        }
        for (Slot p : pte) {
            int stored = p.get(s);
            p.set(out, stored == 0 ? 0 : perm[stored - 1] + 1);
        }
        if (op.get(s) == FAULT && faultF.get(s) != 0) {
            faultF.set(out, perm[faultF.get(s) - 1] + 1);
        }
        return out;
    }

    private long[] canonical(long[] s) {
        long[] c = s.clone();
        symmetry.canonicalize(c);
        return c;
    }

    private static final int[][] PERMUTATIONS = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

    @Test
    void statesThatDifferOnlyByAPermutationOfFoliosCanonicalizeAlike() {
        // Folio 0 mapped at pte[1] and locked, folio 2 mapped at pte[0] and dirty, folio 1 free; fault holds f = folio
        // 2.
        long[] s = state(new int[] {2, 0, 1}, new int[] {0, 0, 1}, new int[] {1, 0, 0}, 2, 0, FAULT, 3);
        long[] expected = canonical(s);
        for (int[] perm : PERMUTATIONS) {
            long[] renamed = renamed(s, perm);
            assertArrayEquals(expected, canonical(renamed), "renamed by " + Arrays.toString(perm));
            long[] exact = renamed.clone();
            DomainSymmetry.canonicalizeExactly(exact, null, List.of(symmetry));
            long[] exactOfOriginal = s.clone();
            DomainSymmetry.canonicalizeExactly(exactOfOriginal, null, List.of(symmetry));
            assertArrayEquals(exactOfOriginal, exact, "exact representative, renamed by " + Arrays.toString(perm));
        }
        assertEquals(
                PERMUTATIONS.length,
                Arrays.stream(PERMUTATIONS)
                        .map(p -> Arrays.toString(renamed(s, p)))
                        .distinct()
                        .count(),
                "the six namings are six different states");
    }

    @Test
    void canonicalizingKeepsWhatTheStateSays() {
        long[] s = state(new int[] {2, 0, 1}, new int[] {0, 0, 1}, new int[] {1, 0, 0}, 2, 0, FAULT, 3);
        long[] c = canonical(s);
        // Whatever folio pte[0] names after renaming is dirty with ref 1, and the task's f names the same one.
        int atPte0 = pte[0].get(c) - 1;
        assertEquals(1, ref[atPte0].get(c));
        assertEquals(1, dirty[atPte0].get(c));
        assertEquals(atPte0 + 1, faultF.get(c));
        int atPte1 = pte[1].get(c) - 1;
        assertEquals(2, ref[atPte1].get(c));
        assertEquals(1, lock[atPte1].get(c));
    }

    @Test
    void statesThatReallyDifferStayApart() {
        // pte[0] maps the folio with ref 2 in one, the folio with ref 1 in the other: no renaming turns one into the
        // other.
        long[] a = state(new int[] {2, 1, 0}, new int[3], new int[3], 0, 1, 0, 0);
        long[] b = state(new int[] {2, 1, 0}, new int[3], new int[3], 1, 0, 0, 0);
        assertFalse(Arrays.equals(canonical(a), canonical(b)));
        // The same folios, but the lock is held on the mapped one in one state and on the free one in the other.
        long[] c = state(new int[] {1, 0, 0}, new int[3], new int[] {1, 0, 0}, 0, -1, 0, 0);
        long[] d = state(new int[] {1, 0, 0}, new int[3], new int[] {0, 1, 0}, 0, -1, 0, 0);
        assertFalse(Arrays.equals(canonical(c), canonical(d)));
        // The task's local names the mapped folio in one, a free one in the other.
        long[] e = state(new int[] {1, 0, 0}, new int[3], new int[3], 0, -1, FAULT, 1);
        long[] f = state(new int[] {1, 0, 0}, new int[3], new int[3], 0, -1, FAULT, 2);
        assertFalse(Arrays.equals(canonical(e), canonical(f)));
    }

    @Test
    void aTaskVariableNamesAFolioOnlyWhileItsOperationRuns() {
        // scan's parameter a = 1 sits in the bits of fault's f: it is an address, and no renaming may touch it.
        long[] s = state(new int[] {0, 2, 1}, new int[] {0, 1, 0}, new int[3], 1, 2, SCAN, 1);
        Set<String> classes = new HashSet<>();
        for (int[] perm : PERMUTATIONS) {
            long[] renamed = renamed(s, perm);
            assertEquals(1, scanA.get(renamed));
            long[] c = canonical(renamed);
            assertEquals(1, scanA.get(c), "renamed by " + Arrays.toString(perm));
            classes.add(Arrays.toString(c));
        }
        assertEquals(1, classes.size());
    }

    @Test
    void interchangeableOnlyWhenNothingTellsTheTwoApart() {
        long[] fresh = state(new int[] {1, 0, 0}, new int[3], new int[3], 0, -1, 0, 0);
        assertTrue(symmetry.interchangeable(fresh, 1, 2), "two untouched free folios");
        assertFalse(symmetry.interchangeable(fresh, 0, 1), "a mapped folio and a free one");
        long[] staleData = state(new int[] {1, 0, 0}, new int[] {0, 1, 0}, new int[3], 0, -1, 0, 0);
        assertFalse(symmetry.interchangeable(staleData, 1, 2), "a free folio still dirty");
        long[] locked = state(new int[] {1, 0, 0}, new int[3], new int[] {0, 0, 1}, 0, -1, 0, 0);
        assertFalse(symmetry.interchangeable(locked, 1, 2), "a free folio still locked");
        long[] named = state(new int[] {1, 0, 0}, new int[3], new int[3], 0, 2, 0, 0);
        assertFalse(symmetry.interchangeable(named, 1, 2), "a free folio a PTE still names");
        long[] stillInLocal = state(new int[] {1, 0, 0}, new int[3], new int[3], 0, -1, FAULT, 2);
        assertFalse(symmetry.interchangeable(stillInLocal, 1, 2), "a free folio the running fault still names");
        long[] otherOperation = state(new int[] {1, 0, 0}, new int[3], new int[3], 0, -1, SCAN, 2);
        assertTrue(symmetry.interchangeable(otherOperation, 1, 2), "scan's parameter is an address, not a folio");
    }

    @Test
    void everyPairOfElementsHasItsOwnNumber() {
        for (int size = 2; size <= 6; size++) {
            Set<Integer> seen = new HashSet<>();
            for (int a = 0; a < size; a++) {
                for (int b = a + 1; b < size; b++) {
                    int pair = DomainSymmetry.pair(a, b, size);
                    assertEquals(pair, DomainSymmetry.pair(b, a, size));
                    assertTrue(pair >= 0 && pair < size * (size - 1) / 2, "pair " + a + "," + b + " of " + size);
                    seen.add(pair);
                }
            }
            assertEquals(size * (size - 1) / 2, seen.size());
        }
    }

    @Test
    void canonicalizingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] s = state(new int[] {2, 0, 1}, new int[] {0, 0, 1}, new int[] {1, 0, 0}, 2, 0, FAULT, 3);
        long[] work = new long[s.length];
        for (int i = 0; i < 20_000; i++) {
            System.arraycopy(s, 0, work, 0, s.length);
            symmetry.canonicalize(work);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            System.arraycopy(s, 0, work, 0, s.length);
            symmetry.canonicalize(work);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < 10_000, allocated + " bytes allocated by 100000 canonicalizations");
    }
}
