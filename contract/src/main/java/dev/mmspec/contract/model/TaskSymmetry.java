package dev.mmspec.contract.model;

import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Symmetry reduction over interchangeable tasks ({@code symmetry cpu} in a spec): rewrites a packed state into the
 * representative of its class by sorting the tasks of each group and renaming every reference to a task consistently.
 * Generated models call it from {@code Model#canonicalize}.
 *
 * <p>Within a group, tasks are ordered by a key that holds everything the state says about the task: its own slots
 * (operation, program counter, parameters, locals), which locks it owns or reads, and which task-valued slots name it.
 * Two tasks with equal keys are indistinguishable, so the sorted state does not depend on the order the tasks had:
 * every state of a class maps to the same representative. The rewrite moves each task's slots to its new place, renames
 * lock owners ({@code task + 1}), reader bit masks and task-valued slots ({@code Task} and {@code Task?}).
 *
 * <p>Sound for any spec whose declared groups really are interchangeable (the same operations, and no invariant, init
 * or step that names one of them): that is what {@code symmetry} asserts, and the explorer checks it again when it
 * turns a counterexample back into concrete actions. Stateless apart from per-thread scratch arrays, so one instance
 * serves every worker. When a domain is symmetric too, the model runs {@link DomainSymmetry} after this one: see there
 * for what the combination guarantees.
 */
public final class TaskSymmetry {
    private final int[][] groups;
    private final int words;
    /** Per task: its own slots, in the same order for every task of a group. */
    private final int[][] taskWord;

    private final int[][] taskShift;
    private final long[][] taskMask;
    private final int[] ownerWord;
    private final int[] ownerShift;
    private final long[] ownerMask;
    private final int[] readersWord;
    private final int[] readersShift;
    private final long[] readersMask;
    /** Slots holding a task index; {@code low} is -1 for {@code Task?} (stored 0 for none). */
    private final int[] valueWord;

    private final int[] valueShift;
    private final long[] valueMask;
    private final int[] valueLow;
    private final ThreadLocal<Scratch> scratch;

    private static final class Scratch {
        final long[] copy;
        final int[] order;
        final int[] perm;

        Scratch(int words, int tasks) {
            copy = new long[words];
            order = new int[tasks];
            perm = new int[tasks];
        }
    }

    /**
     * @param info the model's description: its symmetry groups and slots
     * @param taskValuedSlots indices into {@code info.slots()} of the slots whose value is a task
     */
    public TaskSymmetry(ModelInfo info, int[] taskValuedSlots) {
        int tasks = info.tasks().size();
        words = info.stateWords();
        groups = new int[info.symmetries().size()][];
        for (int g = 0; g < groups.length; g++) {
            groups[g] = info.symmetries().get(g).stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
        }
        List<List<Slot>> own = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            own.add(new ArrayList<>());
        }
        List<Slot> owners = new ArrayList<>();
        List<Slot> readers = new ArrayList<>();
        for (Slot slot : info.slots()) {
            if (slot.task() >= 0) {
                own.get(slot.task()).add(slot);
            } else if (slot.kind() == SlotKind.LOCK_OWNER) {
                owners.add(slot);
            } else if (slot.kind() == SlotKind.LOCK_READERS) {
                readers.add(slot);
            }
        }
        for (int[] group : groups) {
            for (int t : group) {
                List<Slot> a = own.get(group[0]);
                List<Slot> b = own.get(t);
                boolean same = a.size() == b.size();
                for (int i = 0; same && i < a.size(); i++) {
                    same = a.get(i).bits() == b.get(i).bits()
                            && a.get(i).low() == b.get(i).low();
                }
                if (!same) {
                    throw new IllegalArgumentException(
                            info.spec() + ": tasks " + info.tasks().get(group[0]) + " and "
                                    + info.tasks().get(t) + " are declared symmetric but their state differs in shape");
                }
            }
        }
        taskWord = new int[tasks][];
        taskShift = new int[tasks][];
        taskMask = new long[tasks][];
        for (int t = 0; t < tasks; t++) {
            List<Slot> slots = own.get(t);
            taskWord[t] = slots.stream().mapToInt(Slot::word).toArray();
            taskShift[t] = slots.stream().mapToInt(Slot::shift).toArray();
            taskMask[t] = slots.stream().mapToLong(s -> (1L << s.bits()) - 1).toArray();
        }
        ownerWord = owners.stream().mapToInt(Slot::word).toArray();
        ownerShift = owners.stream().mapToInt(Slot::shift).toArray();
        ownerMask = owners.stream().mapToLong(s -> (1L << s.bits()) - 1).toArray();
        readersWord = readers.stream().mapToInt(Slot::word).toArray();
        readersShift = readers.stream().mapToInt(Slot::shift).toArray();
        readersMask = readers.stream().mapToLong(s -> (1L << s.bits()) - 1).toArray();
        int n = taskValuedSlots.length;
        valueWord = new int[n];
        valueShift = new int[n];
        valueMask = new long[n];
        valueLow = new int[n];
        for (int i = 0; i < n; i++) {
            Slot slot = info.slots().get(taskValuedSlots[i]);
            valueWord[i] = slot.word();
            valueShift[i] = slot.shift();
            valueMask[i] = (1L << slot.bits()) - 1;
            valueLow[i] = slot.type() instanceof ModelInfo.ValueType.OptionalType ? -1 : slot.low();
        }
        scratch = ThreadLocal.withInitial(() -> new Scratch(words, tasks));
    }

    /** Rewrites {@code state} into the representative of its symmetry class. */
    public void canonicalize(long[] state) {
        Scratch s = null;
        for (int[] group : groups) {
            if (group.length < 2 || sorted(state, group)) {
                continue;
            }
            if (s == null) {
                s = scratch.get();
            }
            permute(state, group, s);
        }
    }

    private boolean sorted(long[] state, int[] group) {
        for (int i = 1; i < group.length; i++) {
            if (compare(state, group[i - 1], group[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    private void permute(long[] state, int[] group, Scratch s) {
        int k = group.length;
        int[] order = s.order;
        for (int i = 0; i < k; i++) {
            int t = group[i];
            int j = i;
            while (j > 0 && compare(state, order[j - 1], t) > 0) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = t;
        }
        int[] perm = s.perm;
        for (int t = 0; t < perm.length; t++) {
            perm[t] = t;
        }
        for (int i = 0; i < k; i++) {
            perm[order[i]] = group[i];
        }
        long[] copy = s.copy;
        System.arraycopy(state, 0, copy, 0, words);
        for (int i = 0; i < k; i++) {
            int from = order[i];
            int to = group[i];
            if (from == to) {
                continue;
            }
            moveFields(copy, taskWord[from], taskShift[from], state, taskWord[to], taskShift[to], taskMask[to]);
        }
        for (int i = 0; i < ownerWord.length; i++) {
            long owner = (copy[ownerWord[i]] >>> ownerShift[i]) & ownerMask[i];
            if (owner != 0) {
                set(state, ownerWord[i], ownerShift[i], ownerMask[i], perm[(int) owner - 1] + 1);
            }
        }
        for (int i = 0; i < readersWord.length; i++) {
            long bits = (copy[readersWord[i]] >>> readersShift[i]) & readersMask[i];
            long renamed = 0;
            for (long rest = bits; rest != 0; rest &= rest - 1) {
                renamed |= 1L << perm[Long.numberOfTrailingZeros(rest)];
            }
            set(state, readersWord[i], readersShift[i], readersMask[i], renamed);
        }
        for (int i = 0; i < valueWord.length; i++) {
            int value = (int) ((copy[valueWord[i]] >>> valueShift[i]) & valueMask[i]) + valueLow[i];
            if (value >= 0) {
                set(state, valueWord[i], valueShift[i], valueMask[i], perm[value] - valueLow[i]);
            }
        }
    }

    private static void set(long[] state, int word, int shift, long mask, long raw) {
        state[word] = (state[word] & ~(mask << shift)) | ((raw & mask) << shift);
    }

    /** Orders two tasks of one group by everything the state says about each. */
    private int compare(long[] state, int a, int b) {
        int[] aw = taskWord[a];
        int[] as = taskShift[a];
        int[] bw = taskWord[b];
        int[] bs = taskShift[b];
        long[] m = taskMask[a];
        for (int f = 0; f < aw.length; f++) {
            long x = (state[aw[f]] >>> as[f]) & m[f];
            long y = (state[bw[f]] >>> bs[f]) & m[f];
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        for (int i = 0; i < ownerWord.length; i++) {
            long owner = (state[ownerWord[i]] >>> ownerShift[i]) & ownerMask[i];
            boolean x = owner == a + 1;
            boolean y = owner == b + 1;
            if (x != y) {
                return x ? -1 : 1;
            }
        }
        for (int i = 0; i < readersWord.length; i++) {
            long bits = (state[readersWord[i]] >>> readersShift[i]) & readersMask[i];
            boolean x = (bits >>> a & 1) != 0;
            boolean y = (bits >>> b & 1) != 0;
            if (x != y) {
                return x ? -1 : 1;
            }
        }
        for (int i = 0; i < valueWord.length; i++) {
            int value = (int) ((state[valueWord[i]] >>> valueShift[i]) & valueMask[i]) + valueLow[i];
            boolean x = value == a;
            boolean y = value == b;
            if (x != y) {
                return x ? -1 : 1;
            }
        }
        return 0;
    }

    /**
     * Copies field {@code f} (mask {@code masks[f]}) of every pair from word {@code fromWord[f]}, shift
     * {@code fromShift[f]} of {@code from} to word {@code toWord[f]}, shift {@code toShift[f]} of {@code to}: how a
     * symmetry moves one task's or element's slots to another's place.
     */
    static void moveFields(
            long[] from, int[] fromWord, int[] fromShift, long[] to, int[] toWord, int[] toShift, long[] masks) {
        for (int f = 0; f < fromWord.length; f++) {
            long value = (from[fromWord[f]] >>> fromShift[f]) & masks[f];
            to[toWord[f]] = (to[toWord[f]] & ~(masks[f] << toShift[f])) | (value << toShift[f]);
        }
    }
}
