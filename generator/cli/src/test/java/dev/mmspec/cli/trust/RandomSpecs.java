package dev.mmspec.cli.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random valid specs for the differential oracle: a domain, a record state over it, a counter
 * guarded by a lock, two locks in an order, two or three tasks (a group of two), operations of one
 * to three steps with {@code require}, {@code choose}/{@code alloc}, {@code for} loops, {@code if}
 * on a fix, locals, and invariants that sometimes fail. Kept to a few thousand states. One
 * statement per line, so that {@link #withoutLine} can drop lines. Locks are taken in order and
 * released in the same step; a later step may open with {@code require v != K} on the task's own
 * local, which no other task can change: such a spec may deadlock (every task stuck there), and the
 * explorer, TLC and SPIN must all say so at the same depth.
 */
final class RandomSpecs {
    private final SplittableRandom random;
    private final long seed;

    RandomSpecs(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    String next() {
        int size = 1 + random.nextInt(2);
        int max = 2 + random.nextInt(2);
        List<String> s = new ArrayList<>();
        s.add("spec r" + seed + " \"random spec " + seed + "\"");
        s.add("domain D = 0.." + (size - 1));
        s.add("enum K { idle, busy, done }");
        s.add("record R { n: 0.." + max + " used: bool k: K }");
        s.add("state cell[D]: R");
        s.add("state total: 0.." + max);
        s.add("ghost state seen[D]: 0.." + max);
        s.add("lock big: sleeping");
        s.add("lock small[D]: spinlock per folio");
        s.add("order big < small");
        s.add("guard total by big");
        s.add("fix careful \"check before adding\"");
        if (random.nextBoolean()) {
            s.add("fix tidy \"free what was allocated\"");
        }
        boolean tidy = s.get(s.size() - 1).startsWith("fix tidy");
        int ops = 2 + random.nextInt(2);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            names.add("op" + i);
        }
        s.add("task worker[2]: " + String.join(", ", names));
        if (random.nextInt(3) == 0) {
            s.add("task other: " + names.get(0));
        }
        if (random.nextInt(3) == 0) {
            s.add("symmetry worker");
        }
        s.add("init {");
        s.add("  total := " + random.nextInt(2) + ";");
        s.add("}");
        for (int i = 0; i < ops; i++) {
            operation(s, "op" + i, max, tidy);
        }
        s.add("invariant bounded: total <= " + (max - random.nextInt(2)));
        s.add("invariant cells: forall d in D: cell[d].used || cell[d].n == 0");
        if (random.nextBoolean()) {
            s.add("invariant quiet when quiescent: count(d in D: cell[d].used) <= " + random.nextInt(size + 1));
        }
        return String.join("\n", s) + "\n";
    }

    private void operation(List<String> s, String name, int max, boolean tidy) {
        s.add("op " + name + "(x: D) {");
        s.add("  var v: 0.." + max);
        s.add("  var got: D?");
        int steps = 1 + random.nextInt(3);
        for (int i = 0; i < steps; i++) {
            s.add("  step s" + i + " {");
            if (i == 0 && random.nextBoolean()) {
                s.add("    require total < " + max + ";");
            }
            if (i > 0 && random.nextInt(4) == 0) {
                s.add("    require v != " + random.nextInt(max + 1) + ";");
            }
            int statements = 1 + random.nextInt(3);
            for (int j = 0; j < statements; j++) {
                statement(s, max, tidy);
            }
            s.add("  }");
        }
        s.add("}");
    }

    private void statement(List<String> s, int max, boolean tidy) {
        switch (random.nextInt(9)) {
            case 0 -> {
                s.add("    lock big;");
                s.add("    if fixed(careful) { if total < " + max + " { total := total + 1; } } else { total := total + 1; }");
                s.add("    unlock big;");
            }
            case 1 -> {
                s.add("    lock big;");
                s.add("    lock small[x];");
                s.add("    cell[x].n := (cell[x].n + 1) % " + (max + 1) + ";");
                s.add("    unlock small[x];");
                s.add("    unlock big;");
            }
            case 2 -> s.add("    v := (v + " + (1 + random.nextInt(2)) + ") % " + (max + 1) + ";");
            case 3 -> s.add("    alloc y in D where !cell[y].used { cell[y] := { n: 1, used: true, k: busy }; got := y; } else { v := 0; }");
            case 4 -> s.add("    if got != none { cell[got] := { n: 0, used: " + (tidy ? "!fixed(tidy)" : "false") + ", k: done }; got := none; }");
            case 5 -> s.add("    for d in D where cell[d].used { seen[d] := cell[d].n; }");
            case 6 -> s.add("    choose y in D where seen[y] > 0 { seen[y] := seen[y] - 1; }");
            case 7 -> {
                s.add("    lock big;");
                s.add("    if total > 0 { total := total - 1; }");
                s.add("    unlock big;");
            }
            default -> s.add("    if v == " + random.nextInt(max + 1) + " { return; }");
        }
    }

    /**
     * @return {@code text} with line {@code index} dropped, if it is a statement or declaration that can
     *     go alone, else null
     */
    static String withoutLine(String text, int index) {
        String[] lines = text.split("\n");
        if (index >= lines.length || index < 2) {
            return null;
        }
        String l = lines[index].trim();
        boolean droppable = (l.endsWith(";") && !l.startsWith("lock") && !l.startsWith("unlock")) || l.startsWith("invariant")
                || l.startsWith("fix ") || l.startsWith("symmetry") || l.startsWith("task other");
        if (!droppable) {
            return null;
        }
        List<String> out = new ArrayList<>(List.of(lines));
        out.remove(index);
        return String.join("\n", out) + "\n";
    }
}
