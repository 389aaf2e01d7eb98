package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of {@code docs/architecture.md}, enforced: the table between its {@code rules:begin} and
 * {@code rules:end} markers says which mmspec packages each package's main code may import, and every {@code import
 * dev.mmspec...} of every main source file in the reactor must be allowed by it.
 */
class ArchitectureRulesTest {
    private static final Path ROOT = Path.of("../..");
    private static final Pattern PACKAGE = Pattern.compile("^package (dev\\.mmspec[\\w.]*);", Pattern.MULTILINE);
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?(dev\\.mmspec\\.[\\w.]+?)\\.[A-Z]", Pattern.MULTILINE);

    /** One row of the table: packages matching {@code pattern} may import those of {@code allowed}. */
    record Rule(String pattern, List<String> allowed) {
        boolean covers(String pkg) {
            return pattern.endsWith(".*") ? pkg.equals(base()) || pkg.startsWith(base() + ".") : pkg.equals(pattern);
        }

        private String base() {
            return pattern.substring(0, pattern.length() - 2);
        }

        /** Longer patterns are more specific; an exact row beats a wildcard of the same package. */
        int specificity() {
            return pattern.endsWith(".*") ? base().length() * 2 : pattern.length() * 2 + 1;
        }

        boolean allows(String from, String imported) {
            if (imported.equals(from) || imported.startsWith(from + ".")) {
                return true;
            }
            // "x.*" allows x itself and everything under it, as a row's own pattern does.
            return allowed.stream()
                    .map(a -> "dev.mmspec." + a)
                    .anyMatch(a -> a.endsWith(".*")
                            ? imported.equals(a.substring(0, a.length() - 2))
                                    || imported.startsWith(a.substring(0, a.length() - 1))
                            : imported.equals(a));
        }
    }

    static List<Rule> rules(String doc) {
        List<Rule> rules = new ArrayList<>();
        boolean in = false;
        for (String line : doc.split("\n")) {
            if (line.contains("<!-- rules:begin -->")) {
                in = true;
            } else if (line.contains("<!-- rules:end -->")) {
                break;
            } else if (in && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                List<String> allowed = new ArrayList<>();
                for (String a : cells[2].split(",")) {
                    String name = a.trim().replace("`", "");
                    if (!name.isEmpty() && !name.equals("—")) {
                        allowed.add(name);
                    }
                }
                rules.add(new Rule(cells[1].trim().replace("`", ""), allowed));
            }
        }
        return rules;
    }

    static Optional<Rule> ruleFor(List<Rule> rules, String pkg) {
        return rules.stream()
                .filter(r -> r.covers(pkg))
                .max((a, b) -> Integer.compare(a.specificity(), b.specificity()));
    }

    /** Every violation of the rules in the given sources: {@code file: import} lines. */
    static List<String> violations(List<Rule> rules, Map<Path, String> sources) {
        List<String> violations = new ArrayList<>();
        for (var source : sources.entrySet()) {
            Matcher p = PACKAGE.matcher(source.getValue());
            if (!p.find()) {
                continue;
            }
            String pkg = p.group(1);
            Optional<Rule> rule = ruleFor(rules, pkg);
            if (rule.isEmpty()) {
                violations.add(source.getKey() + ": package " + pkg + " has no row in docs/architecture.md; add one");
                continue;
            }
            Matcher i = IMPORT.matcher(source.getValue());
            while (i.find()) {
                if (!rule.get().allows(pkg, i.group(1))) {
                    violations.add(source.getKey() + ": " + pkg + " imports " + i.group(1) + ", which the row `"
                            + rule.get().pattern() + "` does not allow");
                }
            }
        }
        return violations;
    }

    /**
     * Packages of the generator (main sources under {@code generator/}) without a {@code package-info.java} whose
     * Javadoc says what the package may depend on (issue 12 §5).
     */
    static List<String> undocumentedPackages(Map<Path, String> sources) {
        TreeMap<String, Boolean> documented = new TreeMap<>();
        for (var source : sources.entrySet()) {
            String path = source.getKey().toString().replace('\\', '/');
            Matcher p = PACKAGE.matcher(source.getValue());
            if (!path.startsWith("generator/") || !p.find()) {
                continue;
            }
            boolean says = path.endsWith("/package-info.java")
                    && source.getValue().contains("/**")
                    && source.getValue().toLowerCase(java.util.Locale.ROOT).contains("depend");
            documented.merge(p.group(1), says, Boolean::logicalOr);
        }
        List<String> missing = new ArrayList<>();
        documented.forEach((pkg, says) -> {
            if (!says) {
                missing.add(pkg + ": no package-info.java saying what it is for and what it may depend on");
            }
        });
        return missing;
    }

    private static Map<Path, String> mainSources() throws IOException {
        Map<Path, String> sources = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(ROOT)) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                String path = ROOT.relativize(file).toString().replace('\\', '/');
                if (path.contains("/src/main/java/") && !path.contains("/target/") && !path.startsWith("examples/")) {
                    sources.put(ROOT.relativize(file), Files.readString(file));
                }
            }
        }
        return sources;
    }

    @Test
    void everyMainImportIsAllowedByTheArchitecturePage() throws IOException {
        List<Rule> rules = rules(Files.readString(ROOT.resolve("docs/architecture.md")));
        assertTrue(rules.size() > 10, "the rules table of docs/architecture.md was not found");
        Map<Path, String> sources = mainSources();
        assertTrue(
                sources.size() > 100, "found only " + sources.size() + " main sources under " + ROOT.toAbsolutePath());
        List<String> violations = violations(rules, sources);
        assertEquals(List.of(), violations, String.join("\n", violations));
    }

    @Test
    void everyGeneratorPackageSaysWhatItIsForAndWhatItMayDependOn() throws IOException {
        List<String> missing = undocumentedPackages(mainSources());
        assertEquals(List.of(), missing, String.join("\n", missing));
    }

    @Test
    void thePackageInfoCheckCatchesAPackageWithout() {
        Map<Path, String> sources = Map.of(
                Path.of("generator/core/src/main/java/dev/mmspec/generator/a/A.java"),
                "package dev.mmspec.generator.a;\n",
                Path.of("generator/core/src/main/java/dev/mmspec/generator/a/package-info.java"),
                "/**\n * A. May depend on nothing.\n */\npackage dev.mmspec.generator.a;\n",
                Path.of("generator/core/src/main/java/dev/mmspec/generator/b/B.java"),
                "package dev.mmspec.generator.b;\n",
                Path.of("generator/core/src/main/java/dev/mmspec/generator/c/package-info.java"),
                "/** C, and nothing more. */\npackage dev.mmspec.generator.c;\n",
                Path.of("runtime/src/main/java/dev/mmspec/runtime/R.java"),
                "package dev.mmspec.runtime;\n");
        List<String> missing = undocumentedPackages(sources);
        assertEquals(2, missing.size(), missing.toString());
        assertTrue(missing.get(0).startsWith("dev.mmspec.generator.b:"), missing.toString());
        assertTrue(missing.get(1).startsWith("dev.mmspec.generator.c:"), missing.toString());
    }

    @Test
    void everyRowNamesAPackageThatExists() throws IOException {
        List<Rule> rules = rules(Files.readString(ROOT.resolve("docs/architecture.md")));
        TreeSet<String> packages = new TreeSet<>();
        for (String text : mainSources().values()) {
            Matcher p = PACKAGE.matcher(text);
            if (p.find()) {
                packages.add(p.group(1));
            }
        }
        packages.add("dev.mmspec.grammar"); // generated by ANTLR from grammar/, so not under src/main/java
        for (Rule rule : rules) {
            assertTrue(
                    packages.stream().anyMatch(rule::covers),
                    "docs/architecture.md: row `" + rule.pattern() + "` matches no package");
        }
    }

    /**
     * The checkers have their own symbols and types (issue 12 §4): {@code check} must not import the IR, and the table
     * may not be loosened to allow it again.
     */
    @Test
    void theCheckersMayNotImportTheIr() throws IOException {
        List<Rule> rules = rules(Files.readString(ROOT.resolve("docs/architecture.md")));
        Rule check = ruleFor(rules, "dev.mmspec.generator.check").orElseThrow();
        assertEquals("dev.mmspec.generator.check", check.pattern(), "check has a row of its own");
        assertFalse(
                check.allows("dev.mmspec.generator.check", "dev.mmspec.generator.ir"),
                "docs/architecture.md lets check import ir again: " + check.allowed());
        Map<Path, String> sources = Map.of(
                Path.of("TypeChecker.java"),
                "package dev.mmspec.generator.check;\nimport dev.mmspec.generator.ir.Type;\n");
        List<String> violations = violations(rules, sources);
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("imports dev.mmspec.generator.ir"), violations.toString());
    }

    @Test
    void theRuleCheckCatchesAForbiddenImport() {
        // The runtime may use the scheduling hooks but not the explorer: a test that can fail.
        List<Rule> rules = List.of(new Rule("dev.mmspec.runtime.*", List.of("runtime.*", "contract.sched")));
        Map<Path, String> sources = Map.of(
                Path.of("Good.java"),
                        "package dev.mmspec.runtime.gup;\nimport dev.mmspec.contract.sched.Point;\nimport "
                                + "dev.mmspec.runtime.mm.Mm;\n",
                Path.of("Bad.java"), "package dev.mmspec.runtime.gup;\nimport dev.mmspec.engine.explore.Explorer;\n",
                Path.of("Lost.java"), "package dev.mmspec.nowhere;\n");
        List<String> violations = violations(rules, sources);
        assertEquals(2, violations.size(), violations.toString());
        assertTrue(
                violations.stream().anyMatch(v -> v.startsWith("Bad.java") && v.contains("engine.explore")),
                violations.toString());
        assertTrue(
                violations.stream().anyMatch(v -> v.startsWith("Lost.java") && v.contains("no row")),
                violations.toString());
        assertFalse(violations.stream().anyMatch(v -> v.startsWith("Good.java")), violations.toString());
    }
}
