package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.Ident;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The global lock order, from every {@code order a < b < c} line combined into one partial order, like the lock-order
 * tree at the top of mm/rmap.c. A cycle is reported at the line that closes it. A lock's rank is its position in a
 * topological order that, among locks free to come next, takes the one that appeared first in the file, so ranks are
 * stable under unrelated edits. A rank is only a label: two locks the order does not relate may have either ranks, so
 * what is against the order is decided by the partial order itself ({@link #before}, {@link #after}).
 */
final class LockOrder {
    private final Reporter reporter;
    /** Edges a -> b: a is taken before b. */
    private final Map<String, Set<String>> after = new LinkedHashMap<>();

    private final Map<String, Integer> firstAppearance = new LinkedHashMap<>();
    private final Map<String, Integer> ranks = new LinkedHashMap<>();

    LockOrder(Reporter reporter) {
        this.reporter = reporter;
    }

    /** @param declaredLocks the lock names declared in the spec */
    void build(List<Declaration.Order> orders, Set<String> declaredLocks) {
        for (Declaration.Order order : orders) {
            List<Ident> locks = order.locks();
            for (Ident lock : locks) {
                if (!declaredLocks.contains(lock.name())) {
                    reporter.report(
                            Codes.UNKNOWN_NAME,
                            lock.span(),
                            "order names unknown lock '" + lock + "'",
                            Suggestions.hint(lock.name(), declaredLocks));
                }
            }
            for (int i = 0; i + 1 < locks.size(); i++) {
                addEdge(locks.get(i), locks.get(i + 1), order);
            }
        }
        rank();
    }

    private void addEdge(Ident first, Ident second, Declaration.Order order) {
        String a = first.name();
        String b = second.name();
        firstAppearance.putIfAbsent(a, firstAppearance.size());
        firstAppearance.putIfAbsent(b, firstAppearance.size());
        List<String> back = path(b, a);
        if (back != null) {
            List<String> cycle = new ArrayList<>(back);
            cycle.add(b);
            reporter.report(
                    Codes.LOCK_ORDER_CYCLE,
                    second.span(),
                    "lock order cycle: " + String.join(" < ", cycle),
                    "an earlier order already puts " + b + " before " + a + "; drop one of the two");
            return;
        }
        after.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(b);
    }

    /** @return a path from {@code from} to {@code to} along the edges, or null. */
    private List<String> path(String from, String to) {
        if (from.equals(to)) {
            return new ArrayList<>(List.of(from));
        }
        for (String next : after.getOrDefault(from, Set.of())) {
            List<String> rest = path(next, to);
            if (rest != null) {
                rest.add(0, from);
                return rest;
            }
        }
        return null;
    }

    private void rank() {
        Map<String, Integer> incoming = new LinkedHashMap<>();
        firstAppearance.keySet().forEach(l -> incoming.put(l, 0));
        after.values().forEach(bs -> bs.forEach(b -> incoming.merge(b, 1, Integer::sum)));
        Set<String> done = new HashSet<>();
        while (done.size() < firstAppearance.size()) {
            String next = null;
            for (String lock : firstAppearance.keySet()) { // file order: the stable tie-break
                if (!done.contains(lock) && incoming.get(lock) == 0) {
                    next = lock;
                    break;
                }
            }
            if (next == null) {
                return; // unreachable: cycles are never added
            }
            done.add(next);
            ranks.put(next, ranks.size());
            after.getOrDefault(next, Set.of()).forEach(b -> incoming.merge(b, -1, Integer::sum));
        }
    }

    /** @return the rank of the lock, or -1 when no order names it. */
    int rank(String lock) {
        return ranks.getOrDefault(lock, -1);
    }

    /**
     * @return the locks the order puts after {@code lock}, transitively, in the order the spec first names them (empty
     *     when no order names it)
     */
    List<String> after(String lock) {
        List<String> out = new ArrayList<>();
        for (String other : firstAppearance.keySet()) {
            if (before(lock, other)) {
                out.add(other);
            }
        }
        return out;
    }

    /** @return whether the order requires {@code a} to be taken before {@code b}. */
    boolean before(String a, String b) {
        return !a.equals(b) && path(a, b) != null;
    }
}
