package dev.mmspec.generator.lower;

import static dev.mmspec.generator.lower.Code.param;
import static dev.mmspec.generator.lower.JavaExpr.and;
import static dev.mmspec.generator.lower.JavaExpr.at;
import static dev.mmspec.generator.lower.JavaExpr.binary;
import static dev.mmspec.generator.lower.JavaExpr.call;
import static dev.mmspec.generator.lower.JavaExpr.cast;
import static dev.mmspec.generator.lower.JavaExpr.complement;
import static dev.mmspec.generator.lower.JavaExpr.cond;
import static dev.mmspec.generator.lower.JavaExpr.eq;
import static dev.mmspec.generator.lower.JavaExpr.hex;
import static dev.mmspec.generator.lower.JavaExpr.infix;
import static dev.mmspec.generator.lower.JavaExpr.longLit;
import static dev.mmspec.generator.lower.JavaExpr.ne;
import static dev.mmspec.generator.lower.JavaExpr.not;
import static dev.mmspec.generator.lower.JavaExpr.or;
import static dev.mmspec.generator.lower.JavaExpr.paren;

import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.lang.LockKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated model's field accessors and lock primitives: one getter and one setter per field of every block, with
 * word, shift and mask as literals, and per lock the acquire, release, trylock and "held" operations that steps call.
 *
 * <p>Every getter and setter also records the bits it touched when the state array carries footprint masks
 * ({@code Packed.read}, {@code Packed.wrote}): that is how the explorer learns what a step read and wrote in the state
 * at hand. A task's checks on its <em>own</em> locks are not recorded: whether lock {@code l} is owned by task
 * {@code t} (or has t's reader bit) can only be changed by {@code t} itself, since another task takes a lock only when
 * it is free and releases only what it holds (anything else is a model error, and a step that errs commutes with
 * nothing). For the same reason taking or dropping a read lock writes only the task's own reader bit.
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
                    Field stored = new Field(
                            f.name(), f.wordInElement(), f.shift(), f.bits(), 0, (int) f.mask(), Integer.MIN_VALUE);
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
        out.add(holdsAnyLock());
        return out;
    }

    /** @return whether each element of {@code b} lies in one word, so that a whole record is written at once. */
    static boolean recordInOneWord(Block b) {
        return b.wordsPerElement() == 1;
    }

    private List<String> recordSetter(StateVar v, Block b) {
        List<String> params = new ArrayList<>(List.of(param("long[]", "s"), param("int", "e")));
        NameAllocator fieldParams = new NameAllocator(List.of("s", "e", "bits", "shift"));
        List<String> terms = new ArrayList<>();
        long elementMask = 0;
        for (Field f : b.fields()) {
            String p = fieldParams.newName("f_" + f.name());
            params.add(param("int", p));
            String raw = f.isOptional()
                    ? cond(eq(p, "-1"), longLit(0), infix(offset(p, f.optionalLow()), "+", longLit(1)))
                    : f.low() == 0 ? cast("long", p) : cast("long", paren(infix(p, "-", Integer.toString(f.low()))));
            String masked = binary(raw, "&", hex(f.mask()));
            terms.add(f.shift() == 0 ? masked : infix(masked, "<<", Integer.toString(f.shift())));
            elementMask |= f.mask() << f.shift();
        }
        String[] at = position(b, new Field("", 0, 0, 1, 0, 0, Integer.MIN_VALUE));
        String word = at(s(), at[0]);
        Code code = new Code();
        code.doc("Writes every field of " + v.name() + "[e] at once (the same as one setter per field).");
        code.method("static", "void", names.recordSetter(v), params);
        code.declare("long", "bits", infix("|", terms));
        code.declare("int", "shift", at[1]);
        code.stmt(call("Packed.wrote", s(), "WORDS", at[0], "shift", hex(elementMask)));
        code.assign(
                word,
                infix(
                        binary(word, "&", complement(binary(hex(elementMask), "<<", "shift"))),
                        "|",
                        binary("bits", "<<", "shift")));
        code.close();
        return code.lines();
    }

    /** @return {@code p}, or {@code p - low} unparenthesized, for a stored optional's offset. */
    private static String offset(String p, int low) {
        return low == 0 ? p : infix(p, "-", Integer.toString(low));
    }

    private static String s() {
        return "s";
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
            shift = plusFixed(b.baseShift() + f.shift(), infix("e", "*", Integer.toString(b.elementBits())));
        } else if (b.perWord() == 1) {
            int base = b.baseWord() + f.wordInElement();
            word = infix(
                    Integer.toString(base),
                    "+",
                    b.wordsPerElement() == 1 ? "e" : infix("e", "*", Integer.toString(b.wordsPerElement())));
            shift = Integer.toString(b.baseShift() + f.shift());
        } else {
            int base = b.baseWord() + f.wordInElement();
            String perWord = binary("e", "/", Integer.toString(b.perWord()));
            word = infix(
                    Integer.toString(base),
                    "+",
                    b.wordsPerElement() == 1 ? perWord : infix(perWord, "*", Integer.toString(b.wordsPerElement())));
            shift = plusFixed(
                    b.baseShift() + f.shift(),
                    infix(binary("e", "%", Integer.toString(b.perWord())), "*", Integer.toString(b.elementBits())));
        }
        return new String[] {word, shift};
    }

    /** @return {@code fixed + varying}, or {@code varying} when {@code fixed} is 0. */
    private static String plusFixed(int fixed, String varying) {
        return fixed == 0 ? varying : infix(Integer.toString(fixed), "+", varying);
    }

    private static List<String> accessor(String returns, String name, String params, Block b, Field f, boolean get) {
        String[] at = position(b, f);
        String word = at[0];
        String shift = at[1];
        String mask = hex(f.mask());
        String value;
        if (f.isOptional()) {
            value = get
                    ? call("Packed.getOptional", s(), word, shift, mask, Integer.toString(f.optionalLow()))
                    : call("Packed.setOptional", s(), word, shift, mask, Integer.toString(f.optionalLow()), "v");
        } else {
            value = get ? untracked(b, f) : untrackedSet(b, f, "v");
        }
        List<String> paramList = new ArrayList<>(List.of(param("long[]", "s")));
        paramList.addAll(List.of(params.split(", ")));
        Code code = new Code();
        code.method("static", returns, name, paramList);
        code.stmt(call(get ? "Packed.read" : "Packed.wrote", s(), "WORDS", word, shift, mask));
        if (get) {
            code.returns(value);
        } else {
            code.stmt(value);
        }
        code.close();
        return code.lines();
    }

    /** @return an untracked read of field {@code f} of element {@code e} (a task's check on its own lock). */
    private static String untracked(Block b, Field f) {
        String[] at = position(b, f);
        return call("Packed.get", s(), at[0], at[1], hex(f.mask()), Integer.toString(f.low()));
    }

    /** @return an untracked write of field {@code f} of element {@code e}, to {@code value}. */
    private static String untrackedSet(Block b, Field f, String value) {
        String[] at = position(b, f);
        return call("Packed.set", s(), at[0], at[1], hex(f.mask()), Integer.toString(f.low()), value);
    }

    /** @return the recorded write of task {@code task}'s own reader bit of element {@code e}. */
    private static String wroteReaderBit(Block b, Field readers) {
        String[] at = position(b, readers);
        return call("Packed.wrote", s(), "WORDS", at[0], at[1], infix("1L", "<<", "task"));
    }

    private static String fault(String error) {
        return call("Packed.fault", error);
    }

    /**
     * Lock primitives. An exclusive owner is stored as task + 1; an rwsem's readers as a bit per task. Taking a lock
     * that another task holds disables the step (it blocks); taking one this task holds, or one that the order puts
     * before a lock it holds, or (ordered by index) an instance below one it holds, is a model error (self-deadlock,
     * order inversion).
     */
    private List<List<String>> lockPrimitives(Lock lock) {
        boolean rw = lock.kind() == LockKind.RWSEM;
        String readers = rw ? call(names.lock("readers", lock), s(), "e") : "0";
        Block b = layout.lock(lock);
        // The task's own ownership, read without recording it (see the class comment).
        String ownOwner = untracked(b, b.field("owner"));
        String ownReaders = rw ? untracked(b, b.field("readers")) : "0";
        String owner = call(names.lock("owner", lock), s(), "e");
        String taskBit = paren(infix("1", "<<", "task"));
        String taskOwns = eq(ownOwner, "task + 1");
        String sTaskEMode = "long[] s, int task, int e, int mode";
        List<List<String>> out = new ArrayList<>();

        Code held = new Code();
        held.method("private static", "boolean", names.lock("held", lock), List.of("long[] s", "int e"));
        held.returns(rw ? or(ne(owner, "0"), ne(readers, "0")) : ne(owner, "0"));
        held.close();
        out.add(held.lines());

        Code any = new Code();
        any.method("private static", "boolean", names.lock("heldAny", lock), List.of("long[] s"));
        any.forBelow("e", "0", Integer.toString(lock.instances()));
        any.ifThen(call(names.lock("held", lock), s(), "e")).returns("true").close();
        any.close().returns("false");
        any.close();
        out.add(any.lines());

        Code holds = new Code();
        holds.method("private static", "boolean", names.lock("holds", lock), List.of(sTaskEMode));
        holds.returns(
                rw
                        ? or(taskOwns, paren(and(eq("mode", "READ"), ne(binary(ownReaders, "&", taskBit), "0"))))
                        : taskOwns);
        holds.close();
        out.add(holds.lines());

        Code free = new Code();
        free.method("private static", "boolean", names.lock("free", lock), List.of("long[] s", "int e", "int mode"));
        free.returns(rw ? and(eq(owner, "0"), paren(or(eq("mode", "READ"), eq(readers, "0")))) : eq(owner, "0"));
        free.close();
        out.add(free.lines());

        String setOwnerToTask = call(names.lock("setOwner", lock), s(), "e", "task + 1");
        Code take = new Code();
        take.method("private static", "void", names.lock("take", lock), List.of(sTaskEMode));
        if (rw) {
            take.ifThen(eq("mode", "READ"));
            take.stmt(untrackedSet(b, b.field("readers"), infix(ownReaders, "|", taskBit)));
            take.stmt(wroteReaderBit(b, b.field("readers")));
            take.orElse().stmt(setOwnerToTask).close();
        } else {
            take.stmt(setOwnerToTask);
        }
        take.close();
        out.add(take.lines());

        String holdsRead = call(names.lock("holds", lock), s(), "task", "e", "READ");
        String isFree = call(names.lock("free", lock), s(), "e", "mode");
        String doTake = call(names.lock("take", lock), s(), "task", "e", "mode");
        Code lockM = new Code();
        lockM.doc("Takes " + lock.name() + "[e]; false if another task holds it (the step blocks).");
        lockM.method(
                "private static",
                "boolean",
                names.lock("lock", lock),
                List.of(sTaskEMode, "int orderError", "int selfError"));
        lockM.ifThen(holdsRead).throwsIt(fault("selfError")).close();
        List<String> heldAfter = locksAfter(lock).stream()
                .map(l -> call(names.lock("holdsAny", l), s(), "task"))
                .toList();
        if (!heldAfter.isEmpty()) {
            lockM.ifThen(or(heldAfter)).throwsIt(fault("orderError")).close();
        }
        if (lock.orderedByIndex()) {
            // order L by index: holding a higher instance while taking a lower one is the ABBA of double_pt_lock().
            lockM.forBelow("held", "e + 1", Integer.toString(lock.instances()));
            lockM.ifThen(call(names.lock("holds", lock), s(), "task", "held", "READ"))
                    .throwsIt(fault("orderError"))
                    .close();
            lockM.close();
        }
        lockM.ifThen(not(isFree)).returns("false").close();
        lockM.stmt(doTake);
        lockM.returns("true");
        lockM.close();
        out.add(lockM.lines());

        Code tryM = new Code();
        tryM.doc("folio_trylock() and friends: cannot deadlock, so the order does not apply.");
        tryM.method("private static", "boolean", names.lock("tryLock", lock), List.of(sTaskEMode));
        tryM.ifThen(or(holdsRead, not(isFree))).returns("false").close();
        tryM.stmt(doTake);
        tryM.returns("true");
        tryM.close();
        out.add(tryM.lines());

        Code unlock = new Code();
        unlock.method("private static", "void", names.lock("unlock", lock), List.of(sTaskEMode, "int notHeldError"));
        if (rw) {
            unlock.ifThen(eq("mode", "READ"));
            unlock.ifThen(eq(binary(ownReaders, "&", taskBit), "0"))
                    .throwsIt(fault("notHeldError"))
                    .close();
            unlock.stmt(untrackedSet(b, b.field("readers"), infix(ownReaders, "&", complement(taskBit))));
            unlock.stmt(wroteReaderBit(b, b.field("readers")));
            unlock.line("return;");
            unlock.close();
        }
        unlock.ifThen(ne(ownOwner, "task + 1")).throwsIt(fault("notHeldError")).close();
        unlock.stmt(call(names.lock("setOwner", lock), s(), "e", "0"));
        unlock.close();
        out.add(unlock.lines());
        return out;
    }

    /**
     * Whether the task holds any instance of {@code lock}, in any mode: per word of the lock's block, its owners
     * (stored as task + 1) compared all at once, and for an rwsem its reader bits masked.
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
            tests.add(call(
                    "Packed.anyFieldEquals",
                    at(s(), Integer.toString(w.getKey())),
                    hex(m[0]),
                    hex(m[1]),
                    hex(m[2]),
                    "task + 1"));
        }
        if (readers != null) {
            java.util.Map<Integer, Long> readerBits = new java.util.TreeMap<>();
            for (int e = 0; e < b.elements(); e++) {
                readerBits.merge(b.word(e, readers), 1L << b.shift(e, readers), (x, y) -> x | y);
            }
            for (var w : readerBits.entrySet()) {
                tests.add(ne(
                        binary(at(s(), Integer.toString(w.getKey())), "&", binary(hex(w.getValue()), "<<", "task")),
                        "0"));
            }
        }
        Code code = new Code();
        code.doc("Whether the task holds any " + lock.name() + ": every instance's owner"
                + (readers != null ? " and reader bit" : "") + " tested at once, word by word.");
        code.method(
                "private static",
                "boolean",
                names.lock("holdsAny", lock),
                List.of(param("long[]", "s"), param("int", "task")));
        code.returns(or(tests));
        code.close();
        return code.lines();
    }

    /**
     * The locks the order puts after {@code lock}: holding one of them while taking {@code lock} is against the order.
     * Not the ranks: two locks the order does not relate may have either ranks, and taking one while holding the other
     * is what check warns about (MM0303), not a fault. A second instance of one lock is not in the list either; a real
     * ABBA on it shows as a deadlock.
     */
    private List<Lock> locksAfter(Lock lock) {
        return lock.after().stream()
                .map(name -> spec.locks().stream()
                        .filter(l -> l.name().equals(name))
                        .findFirst()
                        .orElseThrow())
                .toList();
    }

    private List<String> holdsAnyLock() {
        Code code = new Code();
        code.method("private static", "boolean", "holdsAnyLock", List.of("long[] s", "int task"));
        code.returns(or(spec.locks().stream()
                .map(l -> call(names.lock("holdsAny", l), s(), "task"))
                .toList()));
        code.close();
        return code.lines();
    }
}
