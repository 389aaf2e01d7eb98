package dev.mmspec.contract.model;

import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import java.util.Arrays;
import java.util.List;

/**
 * Symmetry reduction over the elements of a domain ({@code symmetry Folio} in a spec): rewrites a packed state into the
 * representative of its class by sorting the elements and renaming every reference to one consistently. Generated
 * models call it from {@code Model#canonicalize}, after {@link TaskSymmetry} when tasks are symmetric too.
 *
 * <p><b>What a permutation does.</b> A permutation {@code p} of the domain moves element {@code e}'s own slots (its
 * fields in every state array indexed by the domain, ghost state included, and the owner and readers of its instance of
 * every lock over the domain) to element {@code p(e)}, and replaces every value {@code e} of a slot typed by the domain
 * ({@code Folio} or {@code Folio?}, in a record, in an array over another domain, in a task's parameters and locals) by
 * {@code p(e)}. A task's parameter or local counts only while the task runs the operation that declares it: the bits
 * are shared with the other operations' variables.
 *
 * <p><b>Representative.</b> Elements are ordered by a key holding everything the state says about one: its own slots,
 * then which domain-valued slots name it. Two elements with equal keys are truly indistinguishable: no slot can name
 * both, so neither is named, and their own slots are equal, so exchanging them changes nothing. When no element's own
 * slot holds a value of the domain itself, the key does not depend on the naming, so every state of a class maps to one
 * representative; otherwise (a {@code next: Folio?} field in {@code folio[Folio]}) the representative may depend on the
 * naming, which is still sound, only less reduced.
 *
 * <p><b>Soundness.</b> Exploring representatives finds every reachable invariant violation if the transition relation
 * commutes with every permutation {@code p}: when {@code s} steps to {@code t}, {@code p(s)} steps (by the same
 * operation with its arguments renamed by {@code p}) to a state of {@code t}'s class, and every invariant has the same
 * value in {@code s} and {@code p(s)}. By induction over a step's statements, an execution from {@code p(s)} with every
 * domain-valued variable renamed stays {@code p} of the execution from {@code s}: reads through a renamed index find
 * the moved element, {@code ==} and {@code !=} are unchanged by a bijection, quantifiers visit the same elements in
 * another order (and, or and count do not care), and writes land on the moved element. What would break it the checker
 * refuses: a literal or constant of the domain in a step or invariant (it names one element), ordering and arithmetic
 * on its values, a {@code for} over it whose iterations could see each other. Two places pick by order and are checked
 * when the step runs: {@code choose} and {@code alloc} take the lowest fitting element. In {@code p(s)} that is some
 * fitting {@code c} rather than {@code p(x)} for the {@code x} picked in {@code s}; if every fitting element is
 * {@link #interchangeable interchangeable} with {@code x} in {@code s} (and not named by a variable of the step), the
 * exchange {@code q} of {@code p(x)} and {@code c} leaves {@code p(s)} unchanged, so the run from {@code p(s)} is
 * {@code q p} of the run from {@code s}, and the argument goes on with {@code q p} for {@code p}. Otherwise the
 * generated model stops with a model error that names the two elements. The check is itself invariant under
 * permutations, so checking it in the representative checks it in the whole class.
 *
 * <p><b>Assumption.</b> A model error in the middle of a step (a none read, a value out of range) may be met in one
 * naming and not in another when a quantifier or loop over the domain stops early at another element: such a step is a
 * spec bug in every naming, but the reduced search may report it with another message, or, hidden behind an earlier
 * answer, not at all.
 *
 * <p><b>With task symmetry.</b> The model canonicalizes tasks, then each symmetric domain. The result is in the state's
 * class under both (so sound), but two states of one class may end at different representatives, because the task order
 * may depend on folio names and the folio order on task positions: the search then stores a few states twice.
 * {@link #canonicalizeExactly} answers exactly, for the rare places that need it.
 *
 * <p>Stateless apart from per-thread scratch arrays, so one instance serves every worker; {@link #canonicalize}
 * allocates nothing.
 */
public final class DomainSymmetry {
    private final String domain;
    private final int low;
    private final int size;
    private final int words;
    /** Per element: its own slots, in the same order for every element. */
    private final int[][] ownWord;

    private final int[][] ownShift;
    private final long[] ownMask;
    /**
     * Slots holding an element: stored as the element ({@code base} 0) or as element + 1, 0 for none ({@code base} 1).
     */
    private final int[] valueWord;

    private final int[] valueShift;
    private final long[] valueMask;
    private final int[] valueBase;
    /**
     * For a task's parameter or local: where the task's operation is, and the operation (+1) it must be; else opValue
     * 0.
     */
    private final int[] opWord;

    private final int[] opShift;
    private final long[] opMask;
    private final int[] opValue;
    private final int referenceWords;
    private final ThreadLocal<Scratch> scratch;

    private static final class Scratch {
        final long[] copy;
        final long[] references;
        final int[] order;
        final int[] perm;

        Scratch(int words, int size, int referenceWords) {
            copy = new long[words];
            references = new long[size * referenceWords];
            order = new int[size];
            perm = new int[size];
        }
    }

    /**
     * @param info the model's description; {@code domain} must be one of its {@link ModelInfo#symmetricDomains()}
     * @param elementSlots per element of the domain, the indices into {@code info.slots()} of its own slots, in the
     *     same order for every element
     * @param valueSlots indices into {@code info.slots()} of the slots whose value is an element
     * @param valueOperations per value slot: 0 if it always holds an element, else the operation index + 1 its task
     *     must be running for it to hold one (a parameter or local)
     */
    public DomainSymmetry(
            ModelInfo info, String domain, int[][] elementSlots, int[] valueSlots, int[] valueOperations) {
        ModelInfo.SymmetricDomain declared = info.symmetricDomains().stream()
                .filter(d -> d.name().equals(domain))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        info.spec() + ": domain " + domain + " is not declared symmetric"));
        this.domain = domain;
        this.low = declared.low();
        this.size = declared.size();
        this.words = info.stateWords();
        if (elementSlots.length != size || valueSlots.length != valueOperations.length) {
            throw new IllegalArgumentException(info.spec() + ": " + elementSlots.length + " element slot lists for "
                    + domain + " of " + size + " elements, or " + valueSlots.length + " value slots with "
                    + valueOperations.length + " operations");
        }
        List<Slot> slots = info.slots();
        int fields = size == 0 ? 0 : elementSlots[0].length;
        ownWord = new int[size][fields];
        ownShift = new int[size][fields];
        ownMask = new long[fields];
        for (int e = 0; e < size; e++) {
            if (elementSlots[e].length != fields) {
                throw new IllegalArgumentException(
                        info.spec() + ": " + domain + " elements 0 and " + e + " differ in shape");
            }
            for (int f = 0; f < fields; f++) {
                Slot slot = slots.get(elementSlots[e][f]);
                Slot first = slots.get(elementSlots[0][f]);
                if (slot.bits() != first.bits() || slot.low() != first.low()) {
                    throw new IllegalArgumentException(
                            info.spec() + ": " + slot.name() + " and " + first.name() + " differ in shape");
                }
                ownWord[e][f] = slot.word();
                ownShift[e][f] = slot.shift();
                ownMask[f] = (1L << slot.bits()) - 1;
            }
        }
        int n = valueSlots.length;
        valueWord = new int[n];
        valueShift = new int[n];
        valueMask = new long[n];
        valueBase = new int[n];
        opWord = new int[n];
        opShift = new int[n];
        opMask = new long[n];
        opValue = new int[n];
        for (int i = 0; i < n; i++) {
            Slot slot = slots.get(valueSlots[i]);
            valueWord[i] = slot.word();
            valueShift[i] = slot.shift();
            valueMask[i] = (1L << slot.bits()) - 1;
            valueBase[i] = slot.type() instanceof ModelInfo.ValueType.OptionalType ? 1 : 0;
            opValue[i] = valueOperations[i];
            if (valueOperations[i] != 0) {
                Slot op = slots.stream()
                        .filter(s -> s.kind() == SlotKind.TASK_OP && s.task() == slot.task())
                        .findFirst()
                        .orElseThrow(() ->
                                new IllegalArgumentException(info.spec() + ": " + slot.name() + " belongs to no task"));
                opWord[i] = op.word();
                opShift[i] = op.shift();
                opMask[i] = (1L << op.bits()) - 1;
            }
        }
        referenceWords = Math.max(1, (n + 63) / 64);
        scratch = ThreadLocal.withInitial(() -> new Scratch(words, size, referenceWords));
    }

    /** @return the domain's name. */
    public String domain() {
        return domain;
    }

    /**
     * @return the index of the unordered pair {@code a != b} among the {@code size * (size - 1) / 2} pairs of elements,
     *     in the order (0,1), (0,2), ..., (1,2), ...: the offset of its model error within a {@code choose}'s block
     *     (see {@link ModelInfo.SymmetricDomain#pairErrors()})
     */
    public static int pair(int a, int b, int size) {
        int x = Math.min(a, b);
        int y = Math.max(a, b);
        return x * (2 * size - x - 1) / 2 + (y - x - 1);
    }

    /** Rewrites {@code state} into the representative of its class under permutations of this domain. */
    public void canonicalize(long[] state) {
        if (size < 2) {
            return;
        }
        Scratch s = scratch.get();
        long[] references = s.references;
        references(state, references);
        boolean sorted = true;
        for (int i = 1; i < size && sorted; i++) {
            sorted = compare(state, references, i - 1, i) <= 0;
        }
        if (sorted) {
            return;
        }
        int[] order = s.order;
        for (int i = 0; i < size; i++) {
            int j = i;
            while (j > 0 && compare(state, references, order[j - 1], i) > 0) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        int[] perm = s.perm;
        for (int i = 0; i < size; i++) {
            perm[order[i]] = i;
        }
        apply(state, perm, s.copy);
    }

    /**
     * Whether exchanging elements {@code a} and {@code b} (0-based) leaves {@code state} unchanged, as far as this
     * class can tell cheaply: equal own slots, and no slot names either. This is what makes picking the lowest of
     * several fitting elements symmetric (see the class comment).
     */
    public boolean interchangeable(long[] state, int a, int b) {
        int[] aw = ownWord[a];
        int[] as = ownShift[a];
        int[] bw = ownWord[b];
        int[] bs = ownShift[b];
        for (int f = 0; f < ownMask.length; f++) {
            if (((state[aw[f]] >>> as[f]) & ownMask[f]) != ((state[bw[f]] >>> bs[f]) & ownMask[f])) {
                return false;
            }
        }
        for (int i = 0; i < valueWord.length; i++) {
            int e = element(state, i);
            if (e == a || e == b) {
                return false;
            }
        }
        return true;
    }

    /** @return the name of element {@code e} (0-based) as the spec writes it. */
    public int value(int e) {
        return low + e;
    }

    /** @return how many elements the domain has. */
    public int size() {
        return size;
    }

    /**
     * Applies {@code perm} (element {@code e} becomes {@code perm[e]}) to {@code state}: moves own slots, then renames
     * every value slot. {@code copy} is scratch of at least the state's length.
     */
    void apply(long[] state, int[] perm, long[] copy) {
        System.arraycopy(state, 0, copy, 0, words);
        for (int e = 0; e < size; e++) {
            int to = perm[e];
            if (to == e) {
                continue;
            }
            TaskSymmetry.moveFields(copy, ownWord[e], ownShift[e], state, ownWord[to], ownShift[to], ownMask);
        }
        for (int i = 0; i < valueWord.length; i++) {
            int e = element(state, i);
            if (e >= 0) {
                long raw = perm[e] + valueBase[i];
                state[valueWord[i]] = (state[valueWord[i]] & ~(valueMask[i] << valueShift[i])) | (raw << valueShift[i]);
            }
        }
    }

    /** @return the element value slot {@code i} names in {@code state}, or -1 (none, or not in use). */
    private int element(long[] state, int i) {
        if (opValue[i] != 0 && ((state[opWord[i]] >>> opShift[i]) & opMask[i]) != opValue[i]) {
            return -1;
        }
        int e = (int) ((state[valueWord[i]] >>> valueShift[i]) & valueMask[i]) - valueBase[i];
        return e < size ? e : -1;
    }

    /** Fills {@code references}: per element, a bit per value slot that names it. */
    private void references(long[] state, long[] references) {
        Arrays.fill(references, 0L);
        for (int i = 0; i < valueWord.length; i++) {
            int e = element(state, i);
            if (e >= 0) {
                references[e * referenceWords + (i >>> 6)] |= 1L << i;
            }
        }
    }

    /** Orders two elements by their own slots, then by the first value slot that names one of them (it comes first). */
    private int compare(long[] state, long[] references, int a, int b) {
        int[] aw = ownWord[a];
        int[] as = ownShift[a];
        int[] bw = ownWord[b];
        int[] bs = ownShift[b];
        for (int f = 0; f < ownMask.length; f++) {
            long x = (state[aw[f]] >>> as[f]) & ownMask[f];
            long y = (state[bw[f]] >>> bs[f]) & ownMask[f];
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        for (int w = 0; w < referenceWords; w++) {
            long x = references[a * referenceWords + w];
            long y = references[b * referenceWords + w];
            if (x != y) {
                long first = Long.lowestOneBit(x ^ y);
                return (x & first) != 0 ? -1 : 1;
            }
        }
        return 0;
    }

    /**
     * Rewrites {@code state} into the one representative of its class under task symmetry ({@code tasks}, null for
     * none) and every permutation of {@code domains}: the smallest, over the domains' permutations {@code d}, of
     * {@code d(state)} with its tasks canonicalized. For a state {@code t(e(state))} of the same class ({@code t}
     * renames tasks, {@code e} elements) the candidates are the same set, since {@code tasks} maps every task renaming
     * of a state to one representative and the two kinds of renaming commute. Tries the product of the domains'
     * factorials of permutations, so it is for counterexamples and tests, not for the search.
     */
    public static void canonicalizeExactly(long[] state, TaskSymmetry tasks, List<DomainSymmetry> domains) {
        int[][] perms = new int[domains.size()][];
        for (int d = 0; d < perms.length; d++) {
            perms[d] = new int[domains.get(d).size];
            for (int e = 0; e < perms[d].length; e++) {
                perms[d][e] = e;
            }
        }
        long[] best = state.clone();
        if (tasks != null) {
            tasks.canonicalize(best);
        }
        search(state, best, tasks, domains, perms, 0, new long[state.length], new long[state.length]);
        System.arraycopy(best, 0, state, 0, state.length);
    }

    /**
     * Tries every permutation of domains {@code d..}, the earlier ones fixed at {@code perms[0..d)}, keeping the
     * smallest in {@code best}.
     */
    private static void search(
            long[] state,
            long[] best,
            TaskSymmetry tasks,
            List<DomainSymmetry> domains,
            int[][] perms,
            int d,
            long[] probe,
            long[] copy) {
        if (d == perms.length) {
            System.arraycopy(state, 0, probe, 0, state.length);
            for (int k = 0; k < perms.length; k++) {
                domains.get(k).apply(probe, perms[k], copy);
            }
            if (tasks != null) {
                tasks.canonicalize(probe);
            }
            if (Arrays.compare(probe, best) < 0) {
                System.arraycopy(probe, 0, best, 0, probe.length);
            }
            return;
        }
        // Heap's algorithm: every permutation of perms[d], one exchange apart.
        int[] p = perms[d];
        int[] c = new int[p.length];
        search(state, best, tasks, domains, perms, d + 1, probe, copy);
        for (int i = 0; i < p.length; ) {
            if (c[i] < i) {
                int j = i % 2 == 0 ? 0 : c[i];
                int t = p[j];
                p[j] = p[i];
                p[i] = t;
                search(state, best, tasks, domains, perms, d + 1, probe, copy);
                c[i]++;
                i = 0;
            } else {
                c[i] = 0;
                i++;
            }
        }
    }
}
