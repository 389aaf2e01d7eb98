package dev.mmspec.generator.lower;

import dev.mmspec.generator.diag.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model errors a generated model can report, each with the spec line it comes from. Identical (message, line) pairs
 * share one id so the generated table stays small; a block of errors whose id the generated code computes
 * ({@link #addBlock}) gets consecutive ids of its own.
 */
final class ErrorSites {
    record Site(String message, int line) {}

    private final List<Site> sites = new ArrayList<>();
    private final Map<Site, Integer> ids = new HashMap<>();

    int add(String message, Span span) {
        return ids.computeIfAbsent(new Site(message, span.line()), k -> {
            sites.add(k);
            return sites.size() - 1;
        });
    }

    /** @return the id of the first of {@code messages}, which get consecutive ids, shared with no other site. */
    int addBlock(List<String> messages, Span span) {
        int first = sites.size();
        for (String message : messages) {
            Site site = new Site(message, span.line());
            ids.putIfAbsent(site, sites.size());
            sites.add(site);
        }
        return first;
    }

    List<Site> all() {
        return List.copyOf(sites);
    }
}
