package dev.mmspec.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutationSummaryTest {
    private static String mutant(boolean detected, String cls, String method, int line, String mutator) {
        return "<mutation detected='" + detected + "' status='" + (detected ? "KILLED" : "SURVIVED")
                + "' numberOfTestsRun='1'>"
                + "<sourceFile>X.java</sourceFile><mutatedClass>" + cls + "</mutatedClass><mutatedMethod>" + method
                + "</mutatedMethod><methodDescription>()V</methodDescription><lineNumber>" + line + "</lineNumber>"
                + "<mutator>org.pitest.mutationtest.engine.gregor.mutators." + mutator + "</mutator>"
                + "<indexes><index>7</index></indexes><blocks><block>1</block></blocks><killingTest/>"
                + "<description>d</description></mutation>";
    }

    private static MutationReport report(String... mutants) throws Exception {
        String xml = "<?xml version='1.0' encoding='UTF-8'?><mutations partial='false'>" + String.join("", mutants)
                + "</mutations>";
        return MutationReport.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bothIsTheUnionOfTheTwoRunsPerPackage() throws Exception {
        MutationReport byHand = report(
                mutant(true, "dev.mmspec.runtime.gup.Gup", "pin", 10, "NegateConditionalsMutator"),
                mutant(false, "dev.mmspec.runtime.gup.Gup", "pin", 11, "VoidMethodCallMutator"),
                mutant(false, "dev.mmspec.runtime.swap.Swap", "out", 5, "MathMutator"));
        MutationReport generated = report(
                mutant(false, "dev.mmspec.runtime.gup.Gup", "pin", 10, "NegateConditionalsMutator"),
                mutant(true, "dev.mmspec.runtime.gup.Gup", "pin", 11, "VoidMethodCallMutator"),
                mutant(false, "dev.mmspec.runtime.swap.Swap", "out", 5, "MathMutator"));
        MutationSummary.Scores scores = MutationSummary.Scores.of(byHand, generated);
        assertEquals(
                new MutationSummary.PackageScore(2, 1, 1, 2), scores.byPackage().get("dev.mmspec.runtime.gup"));
        assertEquals(
                new MutationSummary.PackageScore(1, 0, 0, 0), scores.byPackage().get("dev.mmspec.runtime.swap"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        scores.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("all of runtime/"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("runtime.gup") && l.contains("2/2 100%")), printed);
    }

    private static String xml(String... mutants) {
        return "<?xml version='1.0' encoding='UTF-8'?><mutations partial='false'>" + String.join("", mutants)
                + "</mutations>";
    }

    @Test
    void perPackageRunsInADirectoryAddUpToTheWholeRun(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("gup"));
        Files.createDirectories(dir.resolve("swap/again"));
        Files.writeString(
                dir.resolve("gup/mutations.xml"),
                xml(
                        mutant(true, "dev.mmspec.runtime.gup.Gup", "pin", 10, "NegateConditionalsMutator"),
                        mutant(false, "dev.mmspec.runtime.gup.Gup", "pin", 11, "VoidMethodCallMutator")));
        Files.writeString(
                dir.resolve("swap/mutations.xml"),
                xml(mutant(false, "dev.mmspec.runtime.swap.Swap", "out", 5, "MathMutator")));
        Files.writeString(
                dir.resolve("swap/again/mutations.xml"),
                xml(mutant(true, "dev.mmspec.runtime.swap.Swap", "out", 5, "MathMutator")));
        MutationReport all = MutationReport.readAll(dir);
        assertEquals(3, all.detected().size());
        assertTrue(all.killed(MutationReport.readAll(dir.resolve("gup/mutations.xml")).detected().keySet().stream()
                .filter(k -> k.line() == 10)
                .findFirst()
                .orElseThrow()));
        assertEquals(2, all.detected().values().stream().filter(d -> d).count(), "a package run twice: either kill");
        assertEquals(
                1,
                MutationReport.readAll(dir.resolve("gup/mutations.xml")).detected().values().stream()
                        .filter(d -> d)
                        .count());
    }

    @Test
    void aDirectoryWithoutReportsIsAnError(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> MutationReport.readAll(dir));
        assertTrue(e.getMessage().contains("no mutations.xml"), e.getMessage());
    }

    @Test
    void triageRejectsStaleAndKilledEntries(@TempDir Path dir) throws Exception {
        MutationReport run = report(
                mutant(true, "dev.mmspec.runtime.gup.Gup", "pin", 10, "NegateConditionalsMutator"),
                mutant(false, "dev.mmspec.runtime.swap.Swap", "out", 5, "MathMutator"));
        var all = MutationSummary.Scores.of(run, report()).all();
        Path file = dir.resolve("equivalent-mutants.tsv");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "# class\tmethod\tline\tmutator\tsource\treason",
                        "dev.mmspec.runtime.swap.Swap\tout\t5\tMathMutator\treturn a + b;\tthe sum is only compared"
                                + " with zero",
                        "dev.mmspec.runtime.gup.Gup\tpin\t10\tNegateConditionalsMutator\tif (ok) {\tclaimed equivalent",
                        "dev.mmspec.runtime.gone.Gone\tx\t1\tMathMutator\tx++;\tclass was deleted"));
        List<String> problems = Triage.read(file).problems(all);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("3: ") && problems.get(0).contains("is killed now"), problems.get(0));
        assertTrue(
                problems.get(1).startsWith("4: ") && problems.get(1).contains("no longer produces"), problems.get(1));
    }

    @Test
    void triageLineWithoutReasonIsAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.tsv");
        Files.writeString(file, "dev.mmspec.runtime.swap.Swap\tout\t5\tMathMutator\treturn a + b;\t\n");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Triage.read(file));
        assertTrue(e.getMessage().contains("t.tsv:1:"), e.getMessage());
    }
}
