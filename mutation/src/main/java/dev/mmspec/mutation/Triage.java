package dev.mmspec.mutation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checked-in list of surviving mutants judged equivalent (no test can tell them from the original), one per line:
 * {@code class<TAB>method<TAB>line<TAB>mutator<TAB>source<TAB>reason}, where source is the mutated line's text, trimmed
 * (the runtime's SurvivorTriageTest checks it against the source in the default build, so an edit above a listed line
 * is caught without a PIT run); {@code #} starts a comment. An entry that names no mutant PIT still produces, or a
 * mutant some suite now kills, is an error: the list must shrink with the code, not rot.
 */
record Triage(List<Entry> entries) {
    record Entry(
            int lineOfFile,
            String mutatedClass,
            String method,
            int line,
            String mutator,
            String source,
            String reason) {
        boolean names(MutationReport.Key key) {
            return key.mutatedClass().equals(mutatedClass)
                    && key.method().equals(method)
                    && key.line() == line
                    && key.mutatorName().equals(mutator);
        }
    }

    static Triage read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Triage(entries);
        }
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\t", -1);
            if (f.length != 6 || f[4].isBlank() || f[5].isBlank() || !f[2].matches("\\d+")) {
                throw new IOException(file + ":" + (i + 1)
                        + ": expected class, method, line, mutator, the line's source text and a reason,"
                        + " tab-separated");
            }
            entries.add(new Entry(i + 1, f[0], f[1], Integer.parseInt(f[2]), f[3], f[4], f[5]));
        }
        return new Triage(entries);
    }

    /** What is wrong with the list against the mutants of this run. */
    List<String> problems(Map<MutationReport.Key, MutationReport.Outcome> mutants) {
        List<String> problems = new ArrayList<>();
        for (Entry e : entries) {
            var matching =
                    mutants.entrySet().stream().filter(m -> e.names(m.getKey())).toList();
            if (matching.isEmpty()) {
                problems.add(e.lineOfFile() + ": names a mutant PIT no longer produces (" + e.mutatedClass() + "."
                        + e.method() + ":" + e.line() + " " + e.mutator() + "); remove the line");
            } else if (matching.stream().allMatch(m -> m.getValue().killed())) {
                problems.add(e.lineOfFile() + ": " + matching.get(0).getValue().description()
                        + " is killed now, so it was not equivalent; remove the line");
            }
        }
        return problems;
    }
}
