package dev.mmspec.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.Violation;
import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random valid specs whose names are drawn to collide once mapped to Java (underscores against case,
 * {@code x_y}+{@code z} against {@code x}+{@code y_z}, Java keywords, the generator's own member names, 300-character
 * names): the generated sources compile, and {@code explore} finds what it finds for the same spec with plain names
 * ({@code n0}, {@code n1}, ...): the same verdict, the same number of states and the same violated invariant. Seeded, a
 * few trials: part of the default build. The grammar's names are ASCII today, so no Unicode letters are drawn.
 */
class CollidingNamesPropertyTest {
    private static final long SEED = Long.getLong("mmspec.seed", 0x6e616d6573L);
    private static final int TRIALS = Integer.getInteger("mmspec.namesTrials", 4);

    /** Distinct spec names that mostly map to the same Java text, or to a keyword, or to a generator name. */
    private static final List<String> POOL = List.of(
            "a_b",
            "aB",
            "a",
            "b_c",
            "a_b_c",
            "ab",
            "Ab",
            "AB",
            "class",
            "_",
            "__",
            "Int",
            "int_",
            "get",
            "put",
            "getPut",
            "get_put",
            "x_",
            "_x",
            "public",
            "static",
            "q0",
            "e",
            "v",
            "s",
            "INFO",
            "WORDS",
            "dev",
            "List",
            "Packed",
            "copy",
            "advance",
            "symmetry",
            "step_a",
            "start_a_b",
            "t_op",
            "g_a_b",
            "n".repeat(300),
            "n".repeat(299) + "m");

    /** Slots of the template, each filled with a name: {@code $0} ... {@code $9}. */
    private static final int SLOTS = 10;

    /**
     * A small spec over names $0..$9 (state, record fields, tasks, ops, params, locals, lock, invariant) and constants.
     */
    private static String template(int limit, int bump, boolean locked) {
        return "spec $0 \"t\"\n"
                + "domain Page = 0..1\n"
                + "state $1[Page] { $2: 0..3  $3: bool }\n"
                + "state $1_$2: 0..3\n".replace("$1_$2", "$4")
                + "lock $5[Page]: spinlock\n"
                + "task $6: $7\n"
                + "task $8: $7, $9\n"
                + "op $7(p: Page) {\n  var $2: 0..3\n"
                + "  step $3 {\n" + (locked ? "    lock $5[p];\n" : "") + "    $2 := $1[p].$2;\n  }\n"
                + "  step $9 {\n    if $2 < 3 { $1[p].$2 := $2 + " + bump + "; }\n"
                + (locked ? "    unlock $5[p];\n" : "") + "  }\n}\n"
                + "op $9(p: Page) {\n  step $7 {\n    $1[p].$3 := !$1[p].$3;\n    if $4 < 3 { $4 := $4 + 1; }\n  }\n}\n"
                + "invariant $4 \"d\": forall p in Page: $1[p].$2 <= " + limit + "\n";
    }

    private static String fill(String template, List<String> names) {
        String out = template;
        for (int i = SLOTS - 1; i >= 0; i--) {
            out = out.replace("$" + i, names.get(i));
        }
        return out;
    }

    @Test
    void collidingNamesExploreLikePlainNames() {
        Random random = new Random(SEED);
        int trials = 0;
        for (int attempt = 0; trials < TRIALS && attempt < 50 * TRIALS; attempt++) {
            List<String> pool = new ArrayList<>(POOL);
            Collections.shuffle(pool, random);
            List<String> names = pool.subList(0, SLOTS);
            List<String> plain = new ArrayList<>();
            for (int i = 0; i < SLOTS; i++) {
                plain.add("n" + i);
            }
            String template = template(1 + random.nextInt(3), 1 + random.nextInt(2), random.nextBoolean());
            String hostileText = fill(template, names);
            CompileResult checked = new SpecCompiler().compile("colliding.mmspec", hostileText);
            if (checked.spec() == null) {
                continue; // the front end rejects it (a name it reserves): only what it accepts must compile
            }
            trials++;
            GeneratedSources hostile = GeneratedSources.of("colliding.mmspec", hostileText);
            assertTrue(hostile.compiles(), () -> "names " + names + ":\n" + String.join("\n", hostile.errors));
            GeneratedSources reference = GeneratedSources.of("plain.mmspec", fill(template, plain));
            assertTrue(reference.compiles(), () -> String.join("\n", reference.errors));
            ExplorationResult a = explore(hostile);
            ExplorationResult b = explore(reference);
            String context = "names " + names + "\n" + hostileText;
            assertEquals(b.outcome(), a.outcome(), context);
            assertEquals(b.distinctStates(), a.distinctStates(), context);
            assertEquals(b.violation().map(Violation::kind), a.violation().map(Violation::kind), context);
            assertEquals(
                    b.violation().map(v -> renamed(v.name(), names)),
                    a.violation().map(Violation::name),
                    context);
            assertEquals(
                    b.counterexample().map(t -> t.steps().size()),
                    a.counterexample().map(t -> t.steps().size()),
                    context);
        }
        assertEquals(TRIALS, trials, "the front end rejected too many drawn names");
    }

    /** @return {@code text} of the plain spec with each plain name {@code n<i>} as the colliding spec names it. */
    private static String renamed(String text, List<String> names) {
        return java.util.regex.Pattern.compile("\\bn(\\d)\\b")
                .matcher(text)
                .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(names.get(Integer.parseInt(m.group(1)))));
    }

    private static ExplorationResult explore(GeneratedSources sources) {
        return new Explorer(sources.model(0), ExplorerConfig.defaults().withWorkers(1)).explore();
    }
}
