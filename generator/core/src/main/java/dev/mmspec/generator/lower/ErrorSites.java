package dev.mmspec.generator.lower;

import dev.mmspec.generator.diag.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model errors a generated model can report, each with the spec line it comes from. Identical
 * (message, line) pairs share one id so the generated table stays small.
 */
final class ErrorSites {
    record Site(String message, int line) {}

    private final Map<Site, Integer> ids = new LinkedHashMap<>();

    int add(String message, Span span) {
        return ids.computeIfAbsent(new Site(message, span.line()), k -> ids.size());
    }

    List<Site> all() {
        return new ArrayList<>(ids.keySet());
    }
}
