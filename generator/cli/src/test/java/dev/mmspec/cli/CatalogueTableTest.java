package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmspec.generator.CompileResult;
import dev.mmspec.generator.SpecCompiler;
import dev.mmspec.generator.build.SpecFiles;
import dev.mmspec.generator.ir.Expectation;
import dev.mmspec.generator.ir.Fix;
import dev.mmspec.generator.ir.Scenario;
import dev.mmspec.generator.ir.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The README's catalogue table says what the specs say: a hand-kept copy must not drift. */
class CatalogueTableTest {
    private static final Path ROOT = Path.of("../..");

    private record Row(String fix, String invariant, String spec, String scenario) {}

    private static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
            if (line.startsWith("## The bug catalogue")) {
                inTable = true;
            } else if (inTable && line.startsWith("## ")) {
                break;
            } else if (inTable && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                rows.add(new Row(code(cells[1]), code(cells[3]), code(cells[4]), code(cells[5])));
            }
        }
        return rows;
    }

    private static String code(String cell) {
        return cell.trim().replace("`", "");
    }

    private static Spec compile(String path) {
        CompileResult r = new SpecCompiler().compile(ROOT.resolve(path), path);
        assertNotNull(r.spec(), () -> path + ": " + r.diagnostics());
        return r.spec();
    }

    @Test
    void everyRowMatchesItsSpec() throws IOException {
        List<Row> rows = rows();
        assertEquals(8, rows.size(), "the catalogue has eight fixes");
        for (Row row : rows) {
            Spec spec = compile(row.spec());
            assertTrue(
                    spec.fixes().stream().anyMatch(f -> f.name().equals(row.fix())), row + ": no such fix in the spec");
            assertTrue(
                    spec.expectations().stream()
                            .anyMatch(e -> e.fix().name().equals(row.fix())
                                    && e.invariant().name().equals(row.invariant())),
                    row + ": the spec does not expect this invariant without this fix");
            Scenario scenario = spec.scenarios().stream()
                    .filter(s -> s.name().equals(row.scenario()))
                    .findFirst()
                    .orElse(null);
            assertNotNull(scenario, row + ": no such scenario");
            assertEquals(
                    List.of(row.fix()),
                    scenario.fixesOff().stream().map(Fix::name).toList(),
                    row + ": scenario fixes off");
            assertEquals(
                    row.invariant(),
                    scenario.expectedInvariant() == null
                            ? null
                            : scenario.expectedInvariant().name(),
                    row.toString());
        }
    }

    @Test
    void everyFixOfEveryShippedSpecIsInTheTable() throws IOException {
        Set<String> inTable = new TreeSet<>();
        rows().forEach(r -> inTable.add(r.fix()));
        Set<String> inSpecs = new TreeSet<>();
        for (Path file : SpecFiles.find(List.of(ROOT.resolve("spec")))) {
            Spec spec = compile(SpecFiles.display(file, ROOT));
            spec.expectations().stream().map(Expectation::fix).map(Fix::name).forEach(inSpecs::add);
        }
        assertEquals(inSpecs, inTable);
    }
}
