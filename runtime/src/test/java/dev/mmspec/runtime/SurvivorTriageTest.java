package dev.mmspec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The triage file of surviving mutants ({@code mutation/equivalent-mutants.tsv}) names each mutant by its source line,
 * and any edit above that line moves it: the entry then names another mutant, or none, and only the mutation profile's
 * PIT run would notice. Each entry also carries the line's text, so the default build checks the numbers against the
 * runtime's source without running PIT. The file is parsed here rather than by the mutation module's {@code Triage}
 * (which reads it against PIT's reports) because that module is built only under {@code -Pmutation}.
 */
class SurvivorTriageTest {
    private static final Path TRIAGE = Path.of("../mutation/equivalent-mutants.tsv");
    private static final Path SOURCES = Path.of("src/main/java");

    @Test
    void everyTriagedMutantsLineStillReadsAsWhenItWasTriaged() throws IOException {
        assertTrue(Files.exists(TRIAGE), TRIAGE.toAbsolutePath() + " is missing");
        assertEquals(List.of(), problems(TRIAGE, SOURCES));
    }

    @Test
    void anEntryWhoseLineMovedIsReportedWithWhereItsTextIsNow(@TempDir Path dir) throws IOException {
        Path sources = dir.resolve("java");
        Files.createDirectories(sources.resolve("dev/mmspec/runtime/x"));
        Files.writeString(
                sources.resolve("dev/mmspec/runtime/x/A.java"),
                "class A {\n    void m() {\n        int added = 0;\n        x++;\n    }\n}\n");
        Path triage = dir.resolve("t.tsv");
        Files.writeString(
                triage,
                "# a comment\n"
                        + "dev.mmspec.runtime.x.A\tm\t3\tMathMutator\tx++;\tmoved down by one line\n"
                        + "dev.mmspec.runtime.x.A\tlambda$m$0\t4\tMathMutator\tx++;\tstill there\n"
                        + "dev.mmspec.runtime.x.A\tm\t2\tMathMutator\ty--;\tgone\n");
        List<String> problems = problems(triage, sources);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("t.tsv:2: A.java:3 reads `int added = 0;`"), problems.get(0));
        assertTrue(problems.get(0).endsWith("now at line 4: update the line number"), problems.get(0));
        assertTrue(problems.get(1).contains("t.tsv:4") && problems.get(1).contains("is gone"), problems.get(1));
    }

    /** What is wrong with the triage file's line numbers against the sources under {@code sources}. */
    static List<String> problems(Path triage, Path sources) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> lines = Files.readAllLines(triage);
        for (int i = 0; i < lines.size(); i++) {
            String entry = lines.get(i);
            if (entry.isBlank() || entry.startsWith("#")) {
                continue;
            }
            String where = triage.getFileName() + ":" + (i + 1);
            String[] f = entry.split("\t", -1);
            if (f.length != 6 || !f[2].matches("\\d+")) {
                problems.add(
                        where + ": expected class, method, line, mutator, the line's text and a reason, tab-separated");
                continue;
            }
            Path file = sources.resolve(f[0].split("\\$")[0].replace('.', '/') + ".java");
            if (!Files.exists(file)) {
                problems.add(where + ": no source " + file + " for " + f[0] + ": remove the line");
                continue;
            }
            List<String> source = Files.readAllLines(file);
            int line = Integer.parseInt(f[2]);
            String text =
                    line >= 1 && line <= source.size() ? source.get(line - 1).strip() : "";
            if (!text.equals(f[4])) {
                String now = IntStream.range(0, source.size())
                        .filter(k -> source.get(k).strip().equals(f[4]))
                        .mapToObj(k -> String.valueOf(k + 1))
                        .collect(Collectors.joining(", "));
                problems.add(where + ": " + file.getFileName() + ":" + line + " reads `" + text
                        + "`, the entry was triaged at `" + f[4] + "`"
                        + (now.isEmpty()
                                ? "; that text is gone: rerun PIT on the class and triage it again"
                                : "; now at line " + now + ": update the line number"));
            }
        }
        return problems;
    }
}
