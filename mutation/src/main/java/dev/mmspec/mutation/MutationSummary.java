package dev.mmspec.mutation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The end of {@code mvn -B verify -Pmutation}: reads the mutations PIT produced for runtime/ under the hand-written
 * tests and under the generated suites, prints per package how many each killed and how many the two kill together, and
 * checks the triage file (every mutant it calls equivalent must still be produced and still survive, so the list cannot
 * rot).
 *
 * <p>"Both" is the union of the two runs: a mutant counts as killed if either suite killed it. PIT produces the same
 * mutants for the same classes and mutators, so the two reports name them alike. Either report may be a directory of
 * per-package runs ({@code -Dmmspec.mutation.targetClasses=...}, each report copied to its own subdirectory): they are
 * added up into the whole run ({@link MutationReport#readAll}).
 */
public final class MutationSummary {
    private MutationSummary() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException(
                    "usage: MutationSummary <handwritten mutations.xml or directory of per-package runs>"
                            + " <generated mutations.xml or directory> <triage.tsv>");
        }
        Path handwritten = Path.of(args[0]);
        Path generated = Path.of(args[1]);
        Path triage = Path.of(args[2]);
        for (Path report : List.of(handwritten, generated)) {
            if (!Files.isRegularFile(report) && !Files.isDirectory(report)) {
                throw new IllegalStateException("mmspec mutation: no PIT report at " + report
                        + " (run the whole reactor with -Pmutation, so both PIT runs write theirs)");
            }
        }
        Scores scores = Scores.of(MutationReport.readAll(handwritten), MutationReport.readAll(generated));
        scores.print(System.out);
        List<String> problems = Triage.read(triage).problems(scores.all());
        // Thrown, not System.exit: exec:java runs this inside Maven's own JVM, and the build must fail, not die.
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "mmspec mutation: " + triage.getFileName() + ":\n  " + String.join("\n  ", problems));
        }
    }

    /** Killed and total mutants of one package, under each suite and under both. */
    record PackageScore(int total, int handwritten, int generated, int both) {
        PackageScore plus(PackageScore o) {
            return new PackageScore(
                    total + o.total, handwritten + o.handwritten, generated + o.generated, both + o.both);
        }
    }

    /** The merged view of the two runs. */
    record Scores(Map<String, PackageScore> byPackage, Map<MutationReport.Key, MutationReport.Outcome> all) {
        static Scores of(MutationReport handwritten, MutationReport generated) {
            Map<MutationReport.Key, MutationReport.Outcome> all = new TreeMap<>();
            Map<String, PackageScore> byPackage = new TreeMap<>();
            TreeSet<MutationReport.Key> keys = new TreeSet<>();
            keys.addAll(handwritten.detected().keySet());
            keys.addAll(generated.detected().keySet());
            for (MutationReport.Key key : keys) {
                boolean byHand = handwritten.killed(key);
                boolean byGenerated = generated.killed(key);
                all.put(key, new MutationReport.Outcome(byHand || byGenerated, key.describe()));
                PackageScore one =
                        new PackageScore(1, byHand ? 1 : 0, byGenerated ? 1 : 0, byHand || byGenerated ? 1 : 0);
                byPackage.merge(key.packageName(), one, PackageScore::plus);
            }
            return new Scores(byPackage, all);
        }

        void print(PrintStream out) {
            out.println("mutation score of runtime/ (PIT, default mutators): killed/total");
            out.printf("%-34s %18s %18s %18s%n", "package", "generated suites", "hand-written", "both");
            PackageScore sum = new PackageScore(0, 0, 0, 0);
            for (var e : byPackage.entrySet()) {
                row(out, e.getKey().replaceFirst("^dev\\.mmspec\\.", ""), e.getValue());
                sum = sum.plus(e.getValue());
            }
            row(out, "all of runtime/", sum);
        }

        private static void row(PrintStream out, String name, PackageScore s) {
            out.printf(
                    "%-34s %18s %18s %18s%n",
                    name, cell(s.generated, s.total), cell(s.handwritten, s.total), cell(s.both, s.total));
        }

        private static String cell(int killed, int total) {
            return String.format("%d/%d %3d%%", killed, total, total == 0 ? 0 : Math.round(100.0 * killed / total));
        }
    }
}
