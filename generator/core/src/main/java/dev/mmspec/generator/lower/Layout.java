package dev.mmspec.generator.lower;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Lock;
import dev.mmspec.generator.ir.Operation;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.Spec;
import dev.mmspec.generator.ir.StateVar;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.LockKind;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every variable of a spec lives in the packed {@code long[]} state: one {@link Block} per state variable, per
 * lock and one for all tasks. Small blocks share words (first fit); no field ever straddles a word, so every access is
 * one shift and one mask.
 *
 * <p>Each task's element holds its current operation (0 = idle), its program counter, and the parameters and locals of
 * the operation it runs. Operations overlay each other in that area, which is zeroed when an operation ends, so an idle
 * task always looks the same to the visited set.
 */
public final class Layout {
    private static final int WORD = 64;

    private final Map<StateVar, Block> stateBlocks = new IdentityHashMap<>();
    private final Map<Lock, Block> lockBlocks = new IdentityHashMap<>();
    private final Block taskBlock;
    private final Map<Var, String> taskFieldNames = new IdentityHashMap<>();
    private final List<Block> blocks = new ArrayList<>();
    private final int words;

    private int[] freeBits = new int[0];
    private int nextWord;

    public Layout(Spec spec) {
        for (StateVar v : spec.state()) {
            stateBlocks.put(v, place(v.name(), v.dimensions(), elementFields(v)));
        }
        int taskCount = spec.tasks().size();
        for (Lock lock : spec.locks()) {
            List<Field> fields = new ArrayList<>();
            fields.add(scalar("owner", 0, taskCount));
            if (lock.kind() == LockKind.RWSEM) {
                fields.add(scalar("readers", 0, (1 << taskCount) - 1));
            }
            List<Domain> dims = lock.domain() == null ? List.of() : List.of(lock.domain());
            lockBlocks.put(lock, place("lock " + lock.name(), dims, pack(fields)));
        }
        taskBlock = place("task", List.of(spec.taskDomain()), taskFields(spec));
        words = Math.max(1, nextWord);
    }

    /** @return longs per packed state. */
    public int words() {
        return words;
    }

    public Block state(StateVar v) {
        return stateBlocks.get(v);
    }

    public Block lock(Lock lock) {
        return lockBlocks.get(lock);
    }

    public Block tasks() {
        return taskBlock;
    }

    /** @return the task-block field that holds parameter or local {@code v}. */
    public Field taskField(Var v) {
        return taskBlock.field(taskFieldNames.get(v));
    }

    /** @return every block, in placement order. */
    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    private List<Field> elementFields(StateVar v) {
        if (v.isRecord()) {
            RecordDecl rec = v.record();
            List<Field> fields = new ArrayList<>();
            for (RecordDecl.Field f : rec.fields()) {
                fields.add(typed(f.name(), f.type()));
            }
            return pack(fields);
        }
        return pack(List.of(typed("", v.type())));
    }

    private List<Field> taskFields(Spec spec) {
        int maxSteps = 1;
        for (Operation op : spec.operations()) {
            maxSteps = Math.max(maxSteps, op.steps().size());
        }
        List<Field> head = new ArrayList<>();
        head.add(scalar("op", 0, spec.operations().size()));
        head.add(scalar("pc", 0, maxSteps - 1));
        // Every operation's parameters and locals start where the header ends; they overlay.
        List<Field> all = new ArrayList<>(pack(head));
        int headBits = all.stream().mapToInt(Field::bits).sum();
        for (Operation op : spec.operations()) {
            List<Field> own = new ArrayList<>();
            List<Var> vars = new ArrayList<>(op.parameters());
            vars.addAll(op.locals());
            for (Var v : vars) {
                String name = op.name() + "." + v.name();
                taskFieldNames.put(v, name);
                own.add(typed(name, v.type()));
            }
            all.addAll(packFrom(own, headBits));
        }
        return all;
    }

    private static Field scalar(String name, int low, int high) {
        return new Field(name, 0, 0, bitsFor(high - low + 1), low, high, Integer.MIN_VALUE);
    }

    private static Field typed(String name, Type type) {
        if (type instanceof Type.OptionalType opt) {
            Domain d = opt.domain();
            return new Field(name, 0, 0, bitsFor(d.size() + 1), -1, d.high(), d.low());
        }
        return new Field(name, 0, 0, bitsFor(type.cardinality()), type.low(), type.high(), Integer.MIN_VALUE);
    }

    private static List<Field> pack(List<Field> fields) {
        return packFrom(fields, 0);
    }

    /** Lays fields out one after another from bit {@code start}, moving to a new word when one would straddle. */
    private static List<Field> packFrom(List<Field> fields, int start) {
        List<Field> out = new ArrayList<>();
        int word = start / WORD;
        int shift = start % WORD;
        for (Field f : fields) {
            if (shift + f.bits() > WORD) {
                word++;
                shift = 0;
            }
            out.add(new Field(f.name(), word, shift, f.bits(), f.low(), f.high(), f.optionalLow()));
            shift += f.bits();
        }
        return out;
    }

    private Block place(String name, List<Domain> dims, List<Field> fields) {
        List<Integer> sizes = new ArrayList<>();
        List<Integer> lows = new ArrayList<>();
        int elements = 1;
        for (Domain d : dims) {
            sizes.add(d.size());
            lows.add(d.low());
            elements *= d.size();
        }
        int wordsPerElement = 1;
        int elementBits = 0;
        for (Field f : fields) {
            wordsPerElement = Math.max(wordsPerElement, f.wordInElement() + 1);
            if (f.wordInElement() == 0) {
                elementBits = Math.max(elementBits, f.shift() + f.bits());
            }
        }
        Block block;
        if (wordsPerElement == 1) {
            int perWord = Math.max(1, Math.min(elements, WORD / elementBits));
            int totalBits = perWord * elementBits;
            if (elements == perWord) {
                // The whole block fits in one word: share a word that has room (first fit).
                int word = firstFit(totalBits);
                block = new Block(name, sizes, lows, fields, elementBits, perWord, 1, word, WORD - freeBits[word]);
                freeBits[word] -= totalBits;
            } else {
                int base = newWords((elements + perWord - 1) / perWord);
                block = new Block(name, sizes, lows, fields, elementBits, perWord, 1, base, 0);
            }
        } else {
            int base = newWords(elements * wordsPerElement);
            block = new Block(name, sizes, lows, fields, 0, 1, wordsPerElement, base, 0);
        }
        blocks.add(block);
        return block;
    }

    private int firstFit(int bits) {
        for (int w = 0; w < nextWord; w++) {
            if (freeBits[w] >= bits) {
                return w;
            }
        }
        return newWords(1);
    }

    private int newWords(int count) {
        int base = nextWord;
        nextWord += count;
        int[] grown = java.util.Arrays.copyOf(freeBits, nextWord);
        for (int w = base; w < nextWord; w++) {
            grown[w] = 0;
        }
        if (count == 1) {
            grown[base] = WORD;
        }
        freeBits = grown;
        return base;
    }

    /** @return bits needed to store {@code values} distinct values (at least 1). */
    static int bitsFor(int values) {
        int bits = 1;
        while ((1L << bits) < values) {
            bits++;
        }
        return bits;
    }

    /** @return one line per block, for the generated model's Javadoc. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Block b : blocks) {
            lines.add(b.name() + b.dimensions() + ": words " + b.baseWord() + "+" + b.words() + ", "
                    + (b.elementBits() > 0
                            ? b.elementBits() + " bits/element"
                            : b.wordsPerElement() + " words/element"));
        }
        return lines;
    }

    Map<String, Block> byName() {
        Map<String, Block> m = new LinkedHashMap<>();
        for (Block b : blocks) {
            m.put(b.name(), b);
        }
        return m;
    }
}
