package dev.mmspec.cli.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random valid specs for the differential oracle: a domain, a record state over it, a counter guarded by a lock, two
 * locks in an order, two or three tasks (a group of two), operations of one to three steps with {@code require},
 * {@code choose}/{@code alloc}, {@code for} loops, {@code if} on a fix, locals, and invariants that sometimes fail.
 * Kept to a few thousand states. One statement per line, so that {@link #withoutLine} can drop lines. Locks are taken
 * in order and released in the same step; a later step may open with {@code require v != K} on the task's own local,
 * which no other task can change: such a spec may deadlock (every task stuck there), and the explorer, TLC and SPIN
 * must all say so at the same depth.
 *
 * <p>The newer constructs, each in about half the specs: a procedure called {@code as} a prefix, {@code choose} as an
 * expression, {@code order small by index} with two instances held at once (sorted by a fix), a retry {@code goto} back
 * to the first step holding {@code big} while another task holds {@code small[x]} across its steps, {@code if
 * !trylock(...)}, a record-valued local assigned, compared and written back, a guard on one fixed instance
 * ({@code small[ROOT]}), and invariants over another task's state ({@code t in op}, {@code t in op.step},
 * {@code t.op.x}).
 */
final class RandomSpecs {
    private final SplittableRandom random;
    private final long seed;
    /** The language's newer constructs this spec uses (each on with probability one half). */
    private boolean byIndex;

    private boolean procedure;
    private boolean chooseExpr;
    private boolean retry;
    private boolean negTrylock;
    private boolean recordLocal;
    private boolean rootGuard;
    private boolean taskState;
    /** The name of op1's first step (a call's copy is named after its prefix). */
    private String firstStepOfOp1;

    RandomSpecs(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    String next() {
        int size = 1 + random.nextInt(2);
        int max = 2 + random.nextInt(2);
        byIndex = size == 2 && random.nextBoolean();
        procedure = random.nextBoolean();
        chooseExpr = random.nextBoolean();
        retry = random.nextInt(3) == 0;
        negTrylock = random.nextBoolean();
        recordLocal = random.nextBoolean();
        rootGuard = random.nextBoolean();
        taskState = random.nextBoolean();
        List<String> s = new ArrayList<>();
        s.add("spec r" + seed + " \"random spec " + seed + "\"");
        if (rootGuard) {
            s.add("const ROOT = 0");
        }
        s.add("domain D = 0.." + (size - 1));
        s.add("enum K { idle, busy, done }");
        s.add("record R { n: 0.." + max + " used: bool k: K }");
        s.add("state cell[D]: R");
        s.add("state total: 0.." + max);
        s.add("ghost state seen[D]: 0.." + max);
        if (rootGuard) {
            s.add("state rootc: 0.." + max);
        }
        s.add("lock big: sleeping");
        s.add("lock small[D]: spinlock per folio");
        s.add("order big < small");
        if (byIndex) {
            s.add("order small by index");
        }
        s.add("guard total by big");
        if (rootGuard) {
            s.add("guard rootc by small[ROOT]");
        }
        s.add("fix careful \"check before adding\"");
        if (random.nextBoolean()) {
            s.add("fix tidy \"free what was allocated\"");
        }
        boolean tidy = s.get(s.size() - 1).startsWith("fix tidy");
        if (byIndex) {
            s.add("fix sorted \"take the lower-indexed lock first\"");
        }
        if (retry) {
            s.add("fix keep \"the retry keeps big\"");
        }
        int ops = 2 + random.nextInt(2);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            names.add("op" + i);
        }
        if (retry) {
            names.add("retry");
            names.add("hold");
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
        if (procedure) {
            procedure(s, max);
        }
        for (int i = 0; i < ops; i++) {
            operation(s, "op" + i, max, tidy);
        }
        if (retry) {
            retryOperation(s, max, tidy);
        }
        s.add("invariant bounded: total <= " + (max - random.nextInt(2)));
        s.add("invariant cells: forall d in D: cell[d].used || cell[d].n == 0");
        if (random.nextBoolean()) {
            s.add("invariant quiet when quiescent: count(d in D: cell[d].used) <= " + random.nextInt(size + 1));
        }
        if (taskState) {
            s.add(
                    switch (random.nextInt(3)) {
                        case 0 -> "invariant inside: count(t in Task: t in op0) <= " + (1 + random.nextInt(2));
                        case 1 ->
                            "invariant late: forall t in Task: t in op1." + firstStepOfOp1 + " implies t.op1.v <= "
                                    + (max - random.nextInt(2));
                        default ->
                            "invariant mine: forall t in Task: t.op0.got == none || t.op0.got == t.op0.x || "
                                    + "seen[t.op0.x] < "
                                    + max;
                    });
        }
        return String.join("\n", s) + "\n";
    }

    /** A procedure of one or two steps over its parameter, called by some operations. */
    private void procedure(List<String> s, int max) {
        s.add("proc touch(at: D) {");
        s.add("  var pv: 0.." + max);
        int steps = 1 + random.nextInt(2);
        for (int i = 0; i < steps; i++) {
            s.add("  step p" + i + " {");
            switch (random.nextInt(4)) {
                case 0 -> {
                    s.add("    lock big;");
                    s.add("    lock small[at];");
                    s.add("    cell[at].k := cell[at].used ? busy : idle;");
                    s.add("    unlock small[at];");
                    s.add("    unlock big;");
                }
                case 1 -> s.add("    pv := (pv + seen[at]) % " + (max + 1) + ";");
                case 2 -> {
                    s.add("    lock big;");
                    s.add("    if total > pv { total := total - 1; }");
                    s.add("    unlock big;");
                }
                default -> s.add("    if pv == " + random.nextInt(max + 1) + " { return; }");
            }
            s.add("  }");
        }
        s.add("}");
    }

    private void operation(List<String> s, String name, int max, boolean tidy) {
        s.add("op " + name + "(x: D) {");
        s.add("  var v: 0.." + max);
        s.add("  var got: D?");
        if (byIndex) {
            s.add("  var lo: D");
            s.add("  var hi: D");
        }
        if (recordLocal) {
            s.add("  var old: R");
        }
        int steps = 1 + random.nextInt(3);
        int calls = 0;
        for (int i = 0; i < steps; i++) {
            if (procedure && random.nextInt(3) == 0) {
                if (i == 0 && name.equals("op1")) {
                    firstStepOfOp1 = "c" + calls + "_p0";
                }
                s.add("  call touch(at: x) as c" + calls++ + ";");
                continue;
            }
            if (i == 0 && name.equals("op1")) {
                firstStepOfOp1 = "s0";
            }
            s.add("  step s" + i + " {");
            if (i == 0 && random.nextBoolean()) {
                s.add("    require total < " + max + ";");
            }
            if (i > 0 && random.nextInt(4) == 0) {
                s.add("    require v != " + random.nextInt(max + 1) + ";");
            }
            int statements = 1 + random.nextInt(3);
            for (int j = 0; j < statements; j++) {
                statement(s, max, tidy, true);
            }
            s.add("  }");
        }
        s.add("}");
    }

    /**
     * An operation that keeps {@code big} across a backward goto while {@code small[x]} is busy (held from one step to
     * the next by {@code hold}), as a fault retries holding mmap_lock; with fix {@code keep} off it drops {@code big}
     * before the retry and never takes it again.
     */
    private void retryOperation(List<String> s, int max, boolean tidy) {
        s.add("op retry(x: D) {");
        s.add("  var v: 0.." + max);
        s.add("  var got: D?");
        s.add("  var retrying: bool");
        if (byIndex) {
            s.add("  var lo: D");
            s.add("  var hi: D");
        }
        if (recordLocal) {
            s.add("  var old: R");
        }
        s.add("  step r0 {");
        s.add("    if !retrying {");
        s.add("      lock big;");
        s.add("    }");
        if (random.nextBoolean()) {
            statement(s, max, tidy, false);
        }
        s.add("  }");
        s.add("  step r1 {");
        s.add("    if !trylock small[x] {");
        s.add("      if !fixed(keep) {");
        s.add("        unlock big;");
        s.add("      }");
        s.add("      retrying := true;");
        s.add("      goto r0;");
        s.add("    } else {");
        s.add("      cell[x].k := done;");
        s.add("      unlock small[x];");
        s.add("    }");
        s.add("    unlock big;");
        s.add("  }");
        s.add("}");
        s.add("op hold(x: D) {");
        s.add("  step h0 {");
        s.add("    lock small[x];");
        s.add("  }");
        s.add("  step h1 {");
        if (random.nextBoolean()) {
            s.add("    seen[x] := (seen[x] + 1) % " + (max + 1) + ";");
        }
        s.add("    unlock small[x];");
        s.add("  }");
        s.add("}");
    }

    /** One statement; {@code big} may be taken unless the step already holds it ({@code mayLockBig} false). */
    private void statement(List<String> s, int max, boolean tidy, boolean mayLockBig) {
        int kind = random.nextInt(16);
        if (!mayLockBig && (kind == 0 || kind == 1 || kind == 7)) {
            kind = 2;
        }
        switch (kind) {
            case 0 -> {
                s.add("    lock big;");
                s.add("    if fixed(careful) { if total < " + max
                        + " { total := total + 1; } } else { total := total + 1; }");
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
            case 3 ->
                s.add("    alloc y in D where !cell[y].used { cell[y] := { n: 1, used: true, k: busy }; got := y; } "
                        + "else { v := 0; }");
            case 4 ->
                s.add("    if got != none { cell[got] := { n: 0, used: " + (tidy ? "!fixed(tidy)" : "false")
                        + ", k: done }; got := none; }");
            case 5 -> s.add("    for d in D where cell[d].used { seen[d] := cell[d].n; }");
            case 6 -> s.add("    choose y in D where seen[y] > 0 { seen[y] := seen[y] - 1; }");
            case 7 -> {
                s.add("    lock big;");
                s.add("    if total > 0 { total := total - 1; }");
                s.add("    unlock big;");
            }
            case 8 -> {
                if (chooseExpr) {
                    s.add(
                            random.nextBoolean()
                                    ? "    got := choose y in D where !cell[y].used && seen[y] < " + max + ";"
                                    : "    v := (choose y in D where seen[y] > 0) == none ? 0 : 1;");
                } else {
                    s.add("    v := 0;");
                }
            }
            case 9 -> {
                if (byIndex) { // two instances of small at once, the lower first when sorted
                    s.add("    choose y in D where y != x {");
                    s.add("      lo := fixed(sorted) ? (x < y ? x : y) : x;");
                    s.add("      hi := fixed(sorted) ? (x < y ? y : x) : y;");
                    s.add("      lock small[lo];");
                    s.add("      lock small[hi];");
                    s.add("      cell[hi].k := cell[lo].k;");
                    s.add("      unlock small[hi];");
                    s.add("      unlock small[lo];");
                    s.add("    }");
                } else {
                    s.add("    v := (v + 1) % " + (max + 1) + ";");
                }
            }
            case 10 -> {
                if (negTrylock) {
                    s.add("    if !trylock(small[x]) {");
                    s.add("      v := " + random.nextInt(max + 1) + ";");
                    s.add("    } else {");
                    s.add("      cell[x].k := busy;");
                    s.add("      unlock small[x];");
                    s.add("    }");
                } else {
                    s.add("    if trylock small[x] { cell[x].k := idle; unlock small[x]; }");
                }
            }
            case 11 -> s.add(recordLocal ? "    old := cell[x];" : "    v := 1;");
            case 12 -> {
                if (recordLocal) {
                    s.add("    if cell[x] != old { v := (v + 1) % " + (max + 1)
                            + "; } else { old := { n: 1, used: true }; }");
                } else {
                    s.add("    v := 2 % " + (max + 1) + ";");
                }
            }
            case 13 -> {
                if (recordLocal) {
                    s.add("    if old.n > 0 || !old.used { cell[x] := old; }");
                } else {
                    s.add("    v := 0;");
                }
            }
            case 14 -> {
                if (rootGuard) {
                    s.add("    lock small[ROOT];");
                    s.add("    rootc := (rootc + 1) % " + (max + 1) + ";");
                    s.add("    unlock small[ROOT];");
                } else {
                    s.add("    v := 1;");
                }
            }
            default -> s.add("    if v == " + random.nextInt(max + 1) + " { return; }");
        }
    }

    /**
     * @return {@code text} with line {@code index} dropped, if it is a statement or declaration that can go alone, else
     *     null
     */
    static String withoutLine(String text, int index) {
        String[] lines = text.split("\n");
        if (index >= lines.length || index < 2) {
            return null;
        }
        String l = lines[index].trim();
        boolean droppable = (l.endsWith(";") && !l.startsWith("lock") && !l.startsWith("unlock"))
                || l.startsWith("invariant")
                || l.startsWith("fix ")
                || l.startsWith("symmetry")
                || l.startsWith("task other");
        if (!droppable) {
            return null;
        }
        List<String> out = new ArrayList<>(List.of(lines));
        out.remove(index);
        return String.join("\n", out) + "\n";
    }
}
