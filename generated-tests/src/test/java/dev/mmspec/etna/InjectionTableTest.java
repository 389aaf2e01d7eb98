package dev.mmspec.etna;

import dev.mmspec.runtime.Injection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The whole Etna table: every injection against every check of every generated suite, with tries and seconds. Minutes
 * of work, so only on request: {@code mvn -B verify -pl generated-tests -Dtest=InjectionTableTest
 * -Dmmspec.etna.table=true}; the table is printed and written to {@code target/etna-table.md}. A part of it:
 * {@code -Dmmspec.etna.injections=zap_keeps_swap_count,gup_ref_after_ptl} (ids) and {@code -Dmmspec.etna.checks=STRESS}
 * ({@link Check} names), each a comma-separated list.
 */
class InjectionTableTest {

    @Test
    void everyInjectionAgainstEveryGeneratedSuite() throws IOException {
        Assumptions.assumeTrue(
                Boolean.getBoolean("mmspec.etna.table"), "the full table runs with -Dmmspec.etna.table=true");
        StringBuilder table = new StringBuilder("| injection | spec | check | found | tries | seconds | violation |\n"
                + "|---|---|---|---|---|---|---|\n");
        Set<String> injections = only("mmspec.etna.injections");
        Set<String> checks = only("mmspec.etna.checks");
        Set<String> suites = only("mmspec.etna.suites");
        for (Injection injection : Injection.values()) {
            if (!injections.isEmpty() && !injections.contains(injection.id())) {
                continue;
            }
            for (GeneratedSuite suite : GeneratedSuite.values()) {
                if (!suites.isEmpty() && !suites.contains(suite.spec())) {
                    continue;
                }
                for (Check check : Check.values()) {
                    if (!checks.isEmpty() && !checks.contains(check.name())) {
                        continue;
                    }
                    long start = System.nanoTime();
                    Optional<Check.Detection> found = check.run(suite, injection);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    String row = String.format(
                            "| %s | %s | %s | %s | %s | %.1f | %s |%n",
                            injection.id(),
                            suite.spec(),
                            check.label(),
                            found.isPresent() ? "yes" : "no",
                            found.map(d -> String.valueOf(d.tries())).orElse("-"),
                            seconds,
                            found.map(d -> d.violation().replace('|', '/')).orElse(""));
                    System.out.print(row);
                    table.append(row);
                }
            }
        }
        Files.writeString(Path.of("target", "etna-table.md"), table);
    }

    /** @return the comma-separated names in system property {@code key}; empty (all) when it is unset */
    private static Set<String> only(String key) {
        String value = System.getProperty(key, "").strip();
        return value.isEmpty() ? Set.of() : Set.of(value.split("\\s*,\\s*"));
    }
}
