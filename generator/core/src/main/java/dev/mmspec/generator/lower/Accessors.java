package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.lang.LockKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated model's field accessors and lock primitives: one getter and one setter per field
 * of every block, with word, shift and mask as literals, and per lock the acquire, release, trylock
 * and "held" operations that steps call.
 *
 * <p>Every getter and setter also records the bits it touched when the state array carries
 * footprint masks ({@code Packed.read}, {@code Packed.wrote}): that is how the explorer learns what a
 * step read and wrote in the state at hand. A task's checks on its <em>own</em> locks are not
 * recorded: whether lock {@code l} is owned by task {@code t} (or has t's reader bit) can only be
 * changed by {@code t} itself, since another task takes a lock only when it is free and releases
 * only what it holds (anything else is a model error, and a step that errs commutes with nothing).
 * For the same reason taking or dropping a read lock writes only the task's own reader bit.
 */
final class Accessors {
    private final Layout layout;
    private final Spec spec;
    private final ModelNames names;

    Accessors(Spec spec, Layout layout, ModelNames names) {
        this.spec = spec;
        this.layout = layout;
        this.names = names;
    }

    /** @return every accessor method, as groups of lines. */
    List<List<String>> methods() {
        List<List<String>> out = new ArrayList<>();
        for (StateVar v : spec.state()) {
            Block b = layout.state(v);
            for (Field f : b.fields()) {
                String field = f.name();
                out.add(accessor("int", names.getter(v, field), "int e", b, f, true));
                out.add(accessor("void", names.setter(v, field), "int e, int v", b, f, false));
                if (f.isOptional()) {
                    Field stored = new Field(f.name(), f.wordInElement(), f.shift(), f.bits(), 0, (int) f.mask(), Integer.MIN_VALUE);
                    out.add(accessor("int", names.rawGetter(v, field), "int e", b, stored, true));
                }
            }
            if (v.isRecord() && recordInOneWord(b)) {
                out.add(recordSetter(v, b));
            }
        }
        Block tasks = layout.tasks();
        for (Field f : tasks.fields()) {
            out.add(accessor("int", names.taskFieldGetter(f), "int e", tasks, f, true));
            out.add(accessor("void", names.taskFieldSetter(f), "int e, int v", tasks, f, false));
        }
        for (Lock lock : spec.locks()) {
            Block b = layout.lock(lock);
            out.add(accessor("int", names.lock("owner", lock), "int e", b, b.field("owner"), true));
            out.add(accessor("void", names.lock("setOwner", lock), "int e, int v", b, b.field("owner"), false));
            if (lock.kind() == LockKind.RWSEM) {
                out.add(accessor("int", names.lock("readers", lock), "int e", b, b.field("readers"), true));
                out.add(accessor("void", names.lock("setReaders", lock), "int e, int v", b, b.field("readers"), false));
            }
            out.addAll(lockPrimitives(lock));
            out.add(holdsAny(lock, b));
        }
        out.add(orderCheck());
        out.add(holdsAnyLock());
        return out;
    }

    /** @return whether each element of {@code b} lies in one word, so that a whole record is written at once. */
    static boolean recordInOneWord(Block b) {
        return b.wordsPerElement() == 1;
    }

    private List<String> recordSetter(StateVar v, Block b) {
        List<String> params = new ArrayList<>();
        NameAllocator fieldParams = new NameAllocator(List.of("s", "e", "bits", "shift"));
        List<String> terms = new ArrayList<>();
        long elementMask = 0;
        for (Field f : b.fields()) {
            String p = fieldParams.newName("f_" + f.name());
            params.add("int " + p);
            String raw = f.isOptional()
                    ? "(" + p + " == -1 ? 0L : " + p + (f.optionalLow() == 0 ? "" : " - " + f.optionalLow()) + " + 1L)"
                    : f.low() == 0 ? "(long) " + p : "(long) (" + p + " - " + f.low() + ")";
            String masked = "(" + raw + " & 0x" + Long.toHexString(f.mask()) + "L)";
            terms.add(f.shift() == 0 ? masked : masked + " << " + f.shift());
            elementMask |= f.mask() << f.shift();
        }
        String[] at = position(b, new Field("", 0, 0, 1, 0, 0, Integer.MIN_VALUE));
        Code code = new Code();
        code.line("/** Writes every field of " + JavaText.javadoc(v.name()) + "[e] at once (the same as one setter per field). */");
        code.open("static void " + names.recordSetter(v) + "(long[] s, int e, " + String.join(", ", params) + ")");
        for (int i = 0; i < terms.size(); i++) {
            code.line((i == 0 ? "long bits = " : "        | ") + terms.get(i) + (i == terms.size() - 1 ? ";" : ""));
        }
        code.line("int shift = " + at[1] + ";");
        code.line("Packed.wrote(s, WORDS, " + at[0] + ", shift, 0x" + Long.toHexString(elementMask) + "L);");
        code.line("s[" + at[0] + "] = (s[" + at[0] + "] & ~(0x" + Long.toHexString(elementMask) + "L << shift)) | (bits << shift);");
        code.close();
        return code.lines();
    }

    /** @return the Java expressions of the word and the shift of field {@code f} of element {@code e}. */
    private static String[] position(Block b, Field f) {
        String word;
        String shift;
        if (b.elements() == 1) {
            word = Integer.toString(b.word(0, f));
            shift = Integer.toString(b.shift(0, f));
        } else if (b.elements() <= b.perWord()) {
            // The whole block shares one word: no division.
            word = Integer.toString(b.word(0, f));
            int fixed = b.baseShift() + f.shift();
            shift = (fixed == 0 ? "" : fixed + " + ") + "e * " + b.elementBits();
        } else if (b.perWord() == 1) {
            int base = b.baseWord() + f.wordInElement();
            word = base + (b.wordsPerElement() == 1 ? " + e" : " + e * " + b.wordsPerElement());
            shift = Integer.toString(b.baseShift() + f.shift());
        } else {
            int base = b.baseWord() + f.wordInElement();
            word = base + " + (e / " + b.perWord() + ")" + (b.wordsPerElement() == 1 ? "" : " * " + b.wordsPerElement());
            int fixed = b.baseShift() + f.shift();
            shift = (fixed == 0 ? "" : fixed + " + ") + "(e % " + b.perWord() + ") * " + b.elementBits();
        }
        return new String[] {word, shift};
    }

    private static List<String> accessor(String returns, String name, String params, Block b, Field f, boolean get) {
        String[] at = position(b, f);
        String word = at[0];
        String shift = at[1];
        String mask = "0x" + Long.toHexString(f.mask()) + "L";
        String call;
        if (f.isOptional()) {
            call = get
                    ? "Packed.getOptional(s, " + word + ", " + shift + ", " + mask + ", " + f.optionalLow() + ")"
                    : "Packed.setOptional(s, " + word + ", " + shift + ", " + mask + ", " + f.optionalLow() + ", v)";
        } else {
            call = get ? untracked(b, f) : untrackedSet(b, f, "v");
        }
        Code code = new Code();
        code.open("static " + returns + " " + name + "(long[] s, " + params + ")");
        code.line("Packed." + (get ? "read" : "wrote") + "(s, WORDS, " + word + ", " + shift + ", " + mask + ");");
        code.line((get ? "return " : "") + call + ";");
        code.close();
        return code.lines();
    }

    /** @return an untracked read of field {@code f} of element {@code e} (a task's check on its own lock). */
    private static String untracked(Block b, Field f) {
        String[] at = position(b, f);
        return "Packed.get(s, " + at[0] + ", " + at[1] + ", " + hex(f.mask()) + ", " + f.low() + ")";
    }

    /** @return an untracked write of field {@code f} of element {@code e}, to {@code value}. */
    private static String untrackedSet(Block b, Field f, String value) {
        String[] at = position(b, f);
        return "Packed.set(s, " + at[0] + ", " + at[1] + ", " + hex(f.mask()) + ", " + f.low() + ", " + value + ")";
    }

    /** @return the recorded write of task {@code task}'s own reader bit of element {@code e}. */
    private static String wroteReaderBit(Block b, Field readers) {
        String[] at = position(b, readers);
        return "Packed.wrote(s, WORDS, " + at[0] + ", " + at[1] + ", 1L << task)";
    }

    /**
     * Lock primitives. An exclusive owner is stored as task + 1; an rwsem's readers as a bit per
     * task. Taking a lock that another task holds disables the step (it blocks); taking one this
     * task holds, or one ranked at or above a lock it holds, or (ordered by index) an instance below
     * one it holds, is a model error (self-deadlock, order inversion).
     */
    private List<List<String>> lockPrimitives(Lock lock) {
        boolean rw = lock.kind() == LockKind.RWSEM;
        String readers = rw ? names.lock("readers", lock) + "(s, e)" : "0";
        Block b = layout.lock(lock);
        // The task's own ownership, read without recording it (see the class comment).
        String ownOwner = untracked(b, b.field("owner"));
        String ownReaders = rw ? untracked(b, b.field("readers")) : "0";
        List<List<String>> out = new ArrayList<>();

        Code held = new Code();
        held.open("private static boolean " + names.lock("held", lock) + "(long[] s, int e)");
        held.line("return " + names.lock("owner", lock) + "(s, e) != 0" + (rw ? " || " + readers + " != 0" : "") + ";");
        held.close();
        out.add(held.lines());

        Code any = new Code();
        any.open("private static boolean " + names.lock("heldAny", lock) + "(long[] s)");
        any.open("for (int e = 0; e < " + lock.instances() + "; e++)");
        any.open("if (" + names.lock("held", lock) + "(s, e))").line("return true;").close();
        any.close().line("return false;");
        any.close();
        out.add(any.lines());

        Code holds = new Code();
        holds.open("private static boolean " + names.lock("holds", lock) + "(long[] s, int task, int e, int mode)");
        holds.line("return " + ownOwner + " == task + 1"
                + (rw ? " || (mode == READ && (" + ownReaders + " & (1 << task)) != 0)" : "") + ";");
        holds.close();
        out.add(holds.lines());

        Code free = new Code();
        free.open("private static boolean " + names.lock("free", lock) + "(long[] s, int e, int mode)");
        if (rw) {
            free.line("return " + names.lock("owner", lock) + "(s, e) == 0 && (mode == READ || " + readers + " == 0);");
        } else {
            free.line("return " + names.lock("owner", lock) + "(s, e) == 0;");
        }
        free.close();
        out.add(free.lines());

        Code take = new Code();
        take.open("private static void " + names.lock("take", lock) + "(long[] s, int task, int e, int mode)");
        if (rw) {
            take.open("if (mode == READ)");
            take.line(untrackedSet(b, b.field("readers"), ownReaders + " | (1 << task)") + ";");
            take.line(wroteReaderBit(b, b.field("readers")) + ";");
            take.reopen("else").line("" + names.lock("setOwner", lock) + "(s, e, task + 1);").close();
        } else {
            take.line("" + names.lock("setOwner", lock) + "(s, e, task + 1);");
        }
        take.close();
        out.add(take.lines());

        Code lockM = new Code();
        lockM.line("/** Takes " + JavaText.javadoc(lock.name()) + "[e]; false if another task holds it (the step blocks). */");
        lockM.open("private static boolean " + names.lock("lock", lock) + "(long[] s, int task, int e, int mode, int orderError, int selfError)");
        lockM.open("if (" + names.lock("holds", lock) + "(s, task, e, READ))").line("throw Packed.fault(selfError);").close();
        if (lock.rank() >= 0) {
            lockM.open("if (holdsRankAbove(s, task, " + lock.rank() + "))").line("throw Packed.fault(orderError);").close();
        }
        if (lock.orderedByIndex()) {
            // order L by index: holding a higher instance while taking a lower one is the ABBA of double_pt_lock().
            lockM.open("for (int held = e + 1; held < " + lock.instances() + "; held++)");
            lockM.open("if (" + names.lock("holds", lock) + "(s, task, held, READ))").line("throw Packed.fault(orderError);").close();
            lockM.close();
        }
        lockM.open("if (!" + names.lock("free", lock) + "(s, e, mode))").line("return false;").close();
        lockM.line("" + names.lock("take", lock) + "(s, task, e, mode);");
        lockM.line("return true;");
        lockM.close();
        out.add(lockM.lines());

        Code tryM = new Code();
        tryM.line("/** folio_trylock() and friends: cannot deadlock, so the order does not apply. */");
        tryM.open("private static boolean " + names.lock("tryLock", lock) + "(long[] s, int task, int e, int mode)");
        tryM.open("if (" + names.lock("holds", lock) + "(s, task, e, READ) || !" + names.lock("free", lock) + "(s, e, mode))").line("return false;").close();
        tryM.line("" + names.lock("take", lock) + "(s, task, e, mode);");
        tryM.line("return true;");
        tryM.close();
        out.add(tryM.lines());

        Code unlock = new Code();
        unlock.open("private static void un" + names.lock("lock", lock) + "(long[] s, int task, int e, int mode, int notHeldError)");
        if (rw) {
            unlock.open("if (mode == READ)");
            unlock.open("if ((" + ownReaders + " & (1 << task)) == 0)").line("throw Packed.fault(notHeldError);").close();
            unlock.line(untrackedSet(b, b.field("readers"), ownReaders + " & ~(1 << task)") + ";");
            unlock.line(wroteReaderBit(b, b.field("readers")) + ";");
            unlock.line("return;");
            unlock.close();
        }
        unlock.open("if (" + ownOwner + " != task + 1)").line("throw Packed.fault(notHeldError);").close();
        unlock.line("" + names.lock("setOwner", lock) + "(s, e, 0);");
        unlock.close();
        out.add(unlock.lines());
        return out;
    }

    /**
     * Whether the task holds any instance of {@code lock}, in any mode: per word of the lock's block,
     * its owners (stored as task + 1) compared all at once, and for an rwsem its reader bits masked.
     */
    private List<String> holdsAny(Lock lock, Block b) {
        Field owner = b.field("owner");
        Field readers = lock.kind() == LockKind.RWSEM ? b.field("readers") : null;
        java.util.Map<Integer, long[]> byWord = new java.util.TreeMap<>();
        for (int e = 0; e < b.elements(); e++) {
            long[] m = byWord.computeIfAbsent(b.word(e, owner), w -> new long[3]);
            int shift = b.shift(e, owner);
            m[0] |= 1L << shift;
            m[1] |= 1L << (shift + owner.bits() - 1);
            m[2] |= owner.mask() << shift;
        }
        List<String> tests = new ArrayList<>();
        for (var w : byWord.entrySet()) {
            long[] m = w.getValue();
            tests.add("Packed.anyFieldEquals(s[" + w.getKey() + "], " + hex(m[0]) + ", " + hex(m[1]) + ", " + hex(m[2]) + ", task + 1)");
        }
        if (readers != null) {
            java.util.Map<Integer, Long> readerBits = new java.util.TreeMap<>();
            for (int e = 0; e < b.elements(); e++) {
                readerBits.merge(b.word(e, readers), 1L << b.shift(e, readers), (x, y) -> x | y);
            }
            for (var w : readerBits.entrySet()) {
                tests.add("(s[" + w.getKey() + "] & (" + hex(w.getValue()) + " << task)) != 0");
            }
        }
        Code code = new Code();
        code.line("/** Whether the task holds any " + JavaText.javadoc(lock.name()) + ": every instance's owner" + (readers != null ? " and reader bit" : "")
                + " tested at once, word by word. */");
        code.open("private static boolean " + names.lock("holdsAny", lock) + "(long[] s, int task)");
        for (int i = 0; i < tests.size(); i++) {
            code.line((i == 0 ? "return " : "        || ") + tests.get(i) + (i == tests.size() - 1 ? ";" : ""));
        }
        code.close();
        return code.lines();
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v) + "L";
    }

    /**
     * Whether the task holds any instance of a lock ranked above {@code rank}. Strictly above: ranks are
     * unique, so rank itself is only the lock being taken, and a second instance of one lock is what
     * check warns about (MM0303), not an order violation; a real ABBA on it shows as a deadlock.
     */
    private List<String> orderCheck() {
        Code code = new Code();
        code.open("private static boolean holdsRankAbove(long[] s, int task, int rank)");
        for (Lock lock : spec.locks()) {
            if (lock.rank() < 0) {
                continue;
            }
            code.open("if (rank < " + lock.rank() + " && " + names.lock("holdsAny", lock) + "(s, task))").line("return true;").close();
        }
        code.line("return false;");
        code.close();
        return code.lines();
    }

    private List<String> holdsAnyLock() {
        Code code = new Code();
        code.open("private static boolean holdsAnyLock(long[] s, int task)");
        List<String> any = spec.locks().stream().map(l -> names.lock("holdsAny", l) + "(s, task)").toList();
        code.line("return " + (any.isEmpty() ? "false" : String.join(" || ", any)) + ";");
        code.close();
        return code.lines();
    }
}
