package dev.mmspec.cli.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.contract.model.Model;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.diag.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The spec fuzzer: every input either gets positioned diagnostics or generates Java that compiles and explores; never
 * an internal error (MM0000), a diagnostic at no place, an exception, a hang or an out-of-memory. Inputs: the shipped
 * specs and fixtures mutated at token and character level with hostile material (extreme numbers, long names and
 * strings, comment and escape tricks, Java keywords, BOM, CRLF), and the hostile list of the trust issue.
 * {@code -Dmmspec.trust.fuzz=N} mutants ({@code -Ptrust-long}: 20,000); a failing input is written to
 * {@code target/trust-crashes/} to be kept as a fixture.
 */
class SpecFuzzTest {
    private static final String[] HOSTILE = {
        "2147483647",
        "2147483648",
        "99999999999999999999999",
        "-2147483648",
        "0..2147483647",
        "*/",
        "/*",
        "\"\\u000a\"",
        "\"*/\"",
        "class",
        "int",
        "new",
        "this",
        "null",
        "var",
        "_",
        "__",
        "Task",
        "STATE",
        "a".repeat(400),
        "\"" + "x".repeat(70_000) + "\"",
        "\uFEFF",
        "\r\n",
        "{",
        "}",
        "(",
        ")",
        ";",
        "if",
        "!",
        "&&",
        "none",
        "0",
        "-1",
        "[",
        "]",
        ".",
        "..",
        ":=",
        "worker[1000]",
    };

    /** Inputs the issue names, each once, besides the random mutants. */
    static List<String> hostile() {
        String base = "spec h \"hostile\"\nstate x: 0..1\ntask a: o\nop o() { step s { x := 1; } }\n";
        return List.of(
                "spec h \"h\"\ndomain D = 0..9999\nstate x[D]: bool\ntask a: o\nop o(d: D) { step s { x[d] := true; } "
                        + "}\n",
                "spec h \"h\"\nstate x: 0..1\ntask w[2147483647]: o\nop o() { step s { x := 1; } }\n",
                "spec h \"h\"\nstate x: 0..2147483647\ntask a: o\nop o() { step s { x := x + 1; } }\n",
                "spec h \"h\"\nstate x: 0..99999999999999999999\ntask a: o\nop o() { step s { x := 1; } }\n",
                "\uFEFF" + base,
                base.replace("\n", "\r\n"),
                base + "invariant " + "n".repeat(600) + " \"" + "d".repeat(70_000) + "\": x <= 1\n",
                base + "invariant k \"*/ \\u000a \\\" end\": x <= 1 /* */ // */\n",
                "spec h \"h\"\nstate class: 0..1\nstate Class: 0..1\nstate c_lass: 0..1\nstate cla_ss: 0..1\ntask "
                        + "new: this\nop this() { step int { class := 1; Class := 1; } }\n",
                base + "invariant deep: " + "!".repeat(5000) + "(x == 0)\n",
                base + "invariant chain: " + "x == 0 && ".repeat(5000) + "x == 0\n",
                base.replace("x := 1;", "if x == 0 { ".repeat(3000) + "x := 1;" + " }".repeat(3000)),
                "spec h \"h\"\ndomain D = 0..999\nstate x[D, D]: 0..3\ntask w[30]: o\nop o(d: D) { step s { x[d, d] "
                        + ":= 1; } }\n");
    }

    @Test
    void hostileInputsGetPositionedDiagnosticsOrAWorkingModel() throws Exception {
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (String text : hostile()) {
            String failure = survive(text);
            if (failure != null) {
                failures.add(keep("hostile-" + i, text, failure));
            }
            i++;
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void mutantsOfTheShippedSpecsGetPositionedDiagnosticsOrAWorkingModel() throws Exception {
        List<String> corpus = corpus();
        int count = Integer.getInteger("mmspec.trust.fuzz", 200);
        // javac costs about a second: explore every accepted mutant in the long run, one in ten by default
        // (-Dmmspec.trust.fuzz.explore=N: one in N).
        int every = Integer.getInteger("mmspec.trust.fuzz.explore", count > 1000 ? 1 : 10);
        SplittableRandom random = new SplittableRandom(Long.getLong("mmspec.trust.seed", 1L));
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        int explored = 0;
        for (int n = 0; n < count; n++) {
            String text = mutate(corpus.get(random.nextInt(corpus.size())), random);
            CompileResult r = new SpecCompiler().compile("mutant.mmspec", text);
            String failure = frontEndFailure(r);
            if (failure == null && r.spec() != null) {
                accepted++;
                if (accepted % every == 1 || every == 1) {
                    explored++;
                    failure = survive(text);
                }
            }
            if (failure != null) {
                failures.add(keep("mutant-" + n, text, failure));
            }
        }
        System.err.println("[trust] fuzz: " + count + " mutants, " + accepted + " accepted by the front end, "
                + explored + " generated and explored, " + failures.size() + " failures");
        assertEquals(List.of(), failures);
    }

    /**
     * Names for the generation-based fuzzer: Java keywords and library names, and names that nearly collide (mmspec's
     * own keywords, {@code var}, {@code enum}, {@code goto}, ..., are the mutants' business: any of them is a syntax
     * error).
     */
    private static final String[] HOSTILE_NAMES = {
        "class",
        "new",
        "this",
        "null",
        "yield",
        "switch",
        "static",
        "String",
        "Object",
        "System",
        "Model",
        "State",
        "Math",
        "java",
        "main",
        "getClass",
        "hashCode",
        "_x",
        "x_",
        "__x",
        "x__y",
        "X",
        "x",
        "Xx",
        "xX",
        "O",
        "l1",
        "I1",
        "Task0",
        "STATE",
    };

    /** Strings for it: comment ends, escapes, format and template syntax, and a long one. */
    private static final String[] HOSTILE_STRINGS = {
        "\"*/ /* \\u000a \\\" end\"",
        "\"%s %n %d {0} ${x} \\\\ \\t\"",
        "\"</script><b>\"",
        "\"\"",
        "\"" + "w".repeat(9_000) + "\"",
    };

    /**
     * Generation-based: the oracle's random specs ({@link RandomSpecs}, valid) with their declared names renamed
     * consistently to hostile ones (Java keywords and classes, names that differ only by case or underscores, names of
     * several hundred characters) and their strings replaced with hostile ones; each must get positioned diagnostics or
     * generate, compile and explore. {@code -Dmmspec.trust.fuzz.generated=N} specs ({@code -Ptrust-long}: 200).
     */
    @Test
    void randomSpecsWithHostileNamesGetPositionedDiagnosticsOrAWorkingModel() throws Exception {
        int count = Integer.getInteger("mmspec.trust.fuzz.generated", 10);
        long first = Long.getLong("mmspec.trust.seed", 1L);
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        for (long seed = first; seed < first + count; seed++) {
            String text = hostileNames(new RandomSpecs(seed).next(), new SplittableRandom(seed));
            if (new SpecCompiler().compile("generated.mmspec", text).spec() != null) {
                accepted++;
            }
            String failure = survive(text);
            if (failure != null) {
                failures.add(keep("generated-" + seed, text, failure));
            }
        }
        System.err.println("[trust] fuzz, generated: " + count + " random specs with hostile names and strings, "
                + accepted + " accepted by the front end (the rest rejected with positioned diagnostics), "
                + failures.size() + " failures");
        assertEquals(List.of(), failures);
    }

    /** Every name {@code text} declares renamed everywhere (outside strings), every string maybe replaced. */
    static String hostileNames(String text, SplittableRandom random) {
        java.util.regex.Matcher declared = java.util.regex.Pattern.compile(
                        "\\b(?:spec|state|lock|domain|enum|record|fix|const|task|op|proc|step|invariant|let|var)"
                                + "\\s+([A-Za-z_][A-Za-z0-9_]*)")
                .matcher(text);
        java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        while (declared.find()) {
            String name = declared.group(1);
            if (names.containsKey(name) || random.nextInt(3) == 0) {
                continue;
            }
            String to;
            do {
                to = switch (random.nextInt(4)) {
                    case 0 -> name + "_" + "n".repeat(300 + random.nextInt(200));
                    case 1 -> random.nextBoolean() ? name.toUpperCase(java.util.Locale.ROOT) : "_" + name + "_";
                    default -> HOSTILE_NAMES[random.nextInt(HOSTILE_NAMES.length)];
                };
            } while (!used.add(to));
            names.put(name, to);
        }
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher tokens = java.util.regex.Pattern.compile(
                        "\"(?:[^\"\\\\]|\\\\.)*\"|[A-Za-z_][A-Za-z0-9_]*")
                .matcher(text);
        int at = 0;
        while (tokens.find()) {
            out.append(text, at, tokens.start());
            String t = tokens.group();
            if (t.startsWith("\"")) {
                out.append(random.nextBoolean() ? HOSTILE_STRINGS[random.nextInt(HOSTILE_STRINGS.length)] : t);
            } else {
                out.append(names.getOrDefault(t, t));
            }
            at = tokens.end();
        }
        return out.append(text.substring(at)).toString();
    }

    private static String frontEndFailure(CompileResult r) {
        for (Diagnostic d : r.diagnostics()) {
            if (d.code().equals("MM0000")) {
                return "internal error: " + d.render();
            }
            if (d.span().line() < 1 || d.span().column() < 1) {
                return "diagnostic at no place: " + d.render();
            }
        }
        return null;
    }

    /**
     * @return null if {@code text} is rejected with positioned diagnostics, or generates, compiles and explores; else
     *     what went wrong.
     */
    private static String survive(String text) throws InterruptedException {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            Future<String> f = one.submit(() -> {
                CompileResult r = new SpecCompiler().compile("fuzz.mmspec", text);
                String failure = frontEndFailure(r);
                if (failure != null || r.spec() == null) {
                    return failure;
                }
                Model model = new ModelLoader().load(r.spec()).apply(0L);
                ExplorerConfig config = ExplorerConfig.defaults()
                        .withWorkers(1)
                        .withMaxStates(20_000)
                        .withTimeBudget(Duration.ofSeconds(5))
                        .withMaxMemoryBytes(64L << 20);
                ExplorationResult result = new Explorer(model, config).explore();
                return result.outcome() == null ? "no outcome" : null;
            });
            try {
                return f.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                return "ran past 60 s";
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause().toString();
            }
        } finally {
            one.shutdownNow();
        }
    }

    private static String keep(String name, String text, String failure) {
        try {
            Path out = Path.of("target/trust-crashes/" + name + ".mmspec");
            Files.createDirectories(out.getParent());
            Files.writeString(out, text, StandardCharsets.UTF_8);
            return name + " (" + out + "): " + failure.lines().findFirst().orElse("");
        } catch (IOException e) {
            return name + ": " + failure + " (not kept: " + e + ")";
        }
    }

    private static List<String> corpus() throws IOException {
        List<String> texts = new ArrayList<>();
        for (String dir : List.of("../../spec", "../core/src/test/resources/fixtures")) {
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                for (Path p :
                        s.filter(x -> x.toString().endsWith(".mmspec")).sorted().toList()) {
                    texts.add(Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        return texts;
    }

    /** One to three edits: drop, duplicate or swap a token, replace it with hostile material, or flip a character. */
    static String mutate(String text, SplittableRandom random) {
        List<String> tokens =
                new ArrayList<>(List.of(text.split("(?<=\\s)|(?=\\s)|(?<=[{}();,\\[\\]])|(?=[{}();,\\[\\]])")));
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !tokens.isEmpty(); e++) {
            int i = random.nextInt(tokens.size());
            switch (random.nextInt(6)) {
                case 0 -> tokens.remove(i);
                case 1 -> tokens.add(i, tokens.get(i));
                case 2 -> {
                    int j = random.nextInt(tokens.size());
                    String t = tokens.get(i);
                    tokens.set(i, tokens.get(j));
                    tokens.set(j, t);
                }
                case 3, 4 -> tokens.set(i, HOSTILE[random.nextInt(HOSTILE.length)]);
                default -> {
                    String t = tokens.get(i);
                    if (!t.isEmpty()) {
                        int c = random.nextInt(t.length());
                        tokens.set(i, t.substring(0, c) + (char) (32 + random.nextInt(95)) + t.substring(c + 1));
                    }
                }
            }
        }
        return String.join("", tokens);
    }
}
