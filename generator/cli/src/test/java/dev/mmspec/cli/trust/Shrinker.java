package dev.mmspec.cli.trust;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shrinks a spec on which the checkers disagree, big pieces first: whole tasks (or fewer instances of one), whole
 * operations and procedures (and their names in the task lines, their calls), fixes ({@code fixed(f)} read as true),
 * invariants, then steps, then statements (blocks, a lock with its unlock, single lines), then expressions (literals to
 * 0). Each piece is tried from the end of the text backwards, so dropping one leaves the earlier ones where they were;
 * the passes repeat while one of them makes progress. A candidate is kept when {@link Check#stillFails} says the
 * disagreement stays (which includes the front end accepting it). Line by line alone, a 150-line spec costs hundreds of
 * checker runs before an operation is gone; an operation goes in one here.
 */
final class Shrinker {
    /** Whether the disagreement stays on a candidate (false when the front end rejects it). */
    interface Check {
        boolean stillFails(String text) throws IOException, InterruptedException;
    }

    /** One kind of piece: the text without its {@code k}-th piece, null when there are fewer than k + 1. */
    private interface Pieces {
        String without(String text, int k);
    }

    private static final Pattern TOP_BLOCK = Pattern.compile("^(op|proc) (\\w+)\\(.*\\{\\s*$");
    private static final Pattern TASK_COUNT = Pattern.compile("^(task \\w+)\\[(\\d+)\\](.*)$");
    private static final Pattern FIX = Pattern.compile("^fix (\\w+).*$");
    private static final Pattern LOCK = Pattern.compile("^(\\s*)lock (.+);\\s*$");
    private static final Pattern LITERAL = Pattern.compile("(?<![\\w.\\[])([1-9]\\d*)(?![\\w.])");

    private final Check check;
    private final boolean bigPiecesFirst;
    private int tries;

    /** @param bigPiecesFirst false: statements and expressions only (the old line-by-line shrinker, for comparison) */
    Shrinker(Check check, boolean bigPiecesFirst) {
        this.check = check;
        this.bigPiecesFirst = bigPiecesFirst;
    }

    Shrinker(Check check) {
        this(check, true);
    }

    /** @return how many candidates were checked so far (each one a full oracle run in a campaign) */
    int tries() {
        return tries;
    }

    String shrink(String text) throws IOException, InterruptedException {
        List<Pieces> passes = new ArrayList<>();
        if (bigPiecesFirst) {
            passes.add(Shrinker::withoutTask);
            passes.add(Shrinker::withoutOperation);
            passes.add(Shrinker::withoutFix);
            passes.add((t, k) -> withoutLineStarting(t, k, "invariant "));
            passes.add(Shrinker::withoutStep);
            passes.add(Shrinker::withoutInnerBlock);
            passes.add(Shrinker::withoutLockPair);
        }
        passes.add(Shrinker::withoutStatement);
        passes.add(Shrinker::withSmallerLiteral);
        String current = text;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Pieces p : passes) {
                String next = pass(current, p);
                if (!next.equals(current)) {
                    current = next;
                    progress = true;
                }
            }
        }
        return current;
    }

    private String pass(String text, Pieces pieces) throws IOException, InterruptedException {
        int count = 0;
        while (pieces.without(text, count) != null) {
            count++;
        }
        String current = text;
        for (int k = count - 1; k >= 0; k--) {
            String candidate = pieces.without(current, k);
            if (candidate == null || candidate.equals(current)) {
                continue;
            }
            tries++;
            if (check.stillFails(candidate)) {
                current = candidate;
            }
        }
        return current;
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n", -1)));
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines);
    }

    /** @return the line that closes the block opened on line {@code open} (braces outside strings counted) */
    static int close(List<String> lines, int open) {
        return close(lines, open, false);
    }

    /**
     * @param reopened the line starts by closing a block and opens another ({@code } else {}): the first close is not
     *     counted
     */
    private static int close(List<String> lines, int open, boolean reopened) {
        int depth = 0;
        boolean skip = reopened;
        for (int i = open; i < lines.size(); i++) {
            boolean quoted = false;
            for (char c : lines.get(i).toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && c == '{') {
                    depth++;
                } else if (!quoted && c == '}') {
                    if (skip) {
                        skip = false;
                        continue;
                    }
                    depth--;
                    if (depth == 0) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    /** The k-th line (from the top) that satisfies {@code which}, as an index, or -1. */
    private static int nth(List<String> lines, int k, java.util.function.IntPredicate which) {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (which.test(i) && seen++ == k) {
                return i;
            }
        }
        return -1;
    }

    /** A task line dropped, or (as the next piece) one instance fewer of a task group. */
    static String withoutTask(String text, int k) {
        List<String> ls = lines(text);
        int i = nth(ls, k / 2, j -> ls.get(j).startsWith("task "));
        if (i < 0) {
            return null;
        }
        if (k % 2 == 0) {
            ls.remove(i);
            return join(ls);
        }
        Matcher m = TASK_COUNT.matcher(ls.get(i));
        if (!m.matches() || Integer.parseInt(m.group(2)) <= 1) {
            return text;
        }
        ls.set(i, m.group(1) + "[" + (Integer.parseInt(m.group(2)) - 1) + "]" + m.group(3));
        return join(ls);
    }

    /** A whole {@code op} or {@code proc} dropped, with its name in the task lines and its calls. */
    static String withoutOperation(String text, int k) {
        List<String> ls = lines(text);
        int i = nth(ls, k, j -> TOP_BLOCK.matcher(ls.get(j)).matches());
        if (i < 0) {
            return null;
        }
        int end = close(ls, i);
        if (end < 0) {
            return text;
        }
        Matcher m = TOP_BLOCK.matcher(ls.get(i));
        m.matches();
        String name = m.group(2);
        ls.subList(i, end + 1).clear();
        List<String> out = new ArrayList<>();
        for (String l : ls) {
            if (l.trim().startsWith("call " + name + "(")) {
                continue;
            }
            if (l.startsWith("task ") && l.contains(":")) {
                int colon = l.indexOf(':');
                List<String> ops = new ArrayList<>();
                for (String o : l.substring(colon + 1).split(",")) {
                    if (!o.trim().equals(name)) {
                        ops.add(o.trim());
                    }
                }
                if (ops.isEmpty()) {
                    continue;
                }
                l = l.substring(0, colon + 1) + " " + String.join(", ", ops);
            }
            out.add(l);
        }
        return join(out);
    }

    /** A fix dropped, every {@code fixed(f)} read as on. */
    static String withoutFix(String text, int k) {
        List<String> ls = lines(text);
        int i = nth(ls, k, j -> FIX.matcher(ls.get(j)).matches());
        if (i < 0) {
            return null;
        }
        Matcher m = FIX.matcher(ls.get(i));
        m.matches();
        ls.remove(i);
        return join(ls).replace("!fixed(" + m.group(1) + ")", "false").replace("fixed(" + m.group(1) + ")", "true");
    }

    static String withoutLineStarting(String text, int k, String prefix) {
        List<String> ls = lines(text);
        int i = nth(ls, k, j -> ls.get(j).startsWith(prefix));
        if (i < 0) {
            return null;
        }
        ls.remove(i);
        return join(ls);
    }

    /** A step of an operation (a block on a line starting {@code step}, one level in) or a call. */
    static String withoutStep(String text, int k) {
        List<String> ls = lines(text);
        int i = nth(ls, k, j -> {
            String l = ls.get(j);
            String t = l.trim();
            return l.startsWith("  ") && !l.startsWith("   ") && (t.startsWith("step ") || t.startsWith("call "));
        });
        if (i < 0) {
            return null;
        }
        int end = ls.get(i).trim().startsWith("call ") ? i : close(ls, i);
        if (end < 0) {
            return text;
        }
        ls.subList(i, end + 1).clear();
        return join(ls);
    }

    /** A block inside a step ({@code if}, {@code for}, {@code choose}, {@code alloc} over several lines). */
    static String withoutInnerBlock(String text, int k) {
        List<String> ls = lines(text);
        int i = nth(ls, k, j -> {
            String l = ls.get(j);
            return l.startsWith("    ") && l.trim().endsWith("{") && !l.trim().startsWith("}");
        });
        if (i < 0) {
            return null;
        }
        int end = close(ls, i);
        if (end < 0) {
            return text;
        }
        // an if's else branch goes with it
        while (ls.get(end).trim().startsWith("}") && ls.get(end).trim().endsWith("{")) {
            int next = close(ls, end, true);
            if (next < 0) {
                return text;
            }
            end = next;
        }
        ls.subList(i, end + 1).clear();
        return join(ls);
    }

    /** A {@code lock x;} line with the first {@code unlock x;} after it at the same indentation. */
    static String withoutLockPair(String text, int k) {
        List<String> ls = lines(text);
        int i = nth(ls, k, j -> LOCK.matcher(ls.get(j)).matches());
        if (i < 0) {
            return null;
        }
        Matcher m = LOCK.matcher(ls.get(i));
        m.matches();
        String unlock = m.group(1) + "unlock " + m.group(2) + ";";
        for (int j = i + 1; j < ls.size(); j++) {
            if (ls.get(j).stripTrailing().equals(unlock)) {
                ls.remove(j);
                ls.remove(i);
                return join(ls);
            }
        }
        return text;
    }

    /** A statement or declaration that can go alone ({@link RandomSpecs#withoutLine}). */
    static String withoutStatement(String text, int k) {
        int n = text.split("\n").length;
        if (k >= n) {
            return null;
        }
        String out = RandomSpecs.withoutLine(text, n - 1 - k);
        return out == null ? text : out;
    }

    /** A literal past 0 in a statement, a guard or an invariant, made 0. */
    static String withSmallerLiteral(String text, int k) {
        List<String> ls = lines(text);
        int seen = 0;
        for (int i = 0; i < ls.size(); i++) {
            String l = ls.get(i);
            if (!(l.startsWith("  ") || l.startsWith("invariant "))) {
                continue;
            }
            Matcher m = LITERAL.matcher(l);
            while (m.find()) {
                if (seen++ == k) {
                    ls.set(i, l.substring(0, m.start()) + "0" + l.substring(m.end()));
                    return join(ls);
                }
            }
        }
        return null;
    }
}
