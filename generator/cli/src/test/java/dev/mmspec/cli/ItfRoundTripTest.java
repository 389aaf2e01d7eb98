package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.explore.ExplorationResult;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.CounterexampleFiles;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.itf.ItfFormat;
import dev.mmspec.generator.build.ModelLoader;
import dev.mmspec.generator.ir.Spec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every counterexample of every shipped spec and fix, written as ITF, is valid against the schema in {@code docs/} and
 * replays state by state through {@code bin/mmspec replay}; the viewer of each renders. Explores each spec once per fix
 * (a few seconds of CPU).
 */
class ItfRoundTripTest {
    static final Path SPECS = Path.of("../../spec");
    static final Path SCHEMA = Path.of("../../docs/itf-trace.schema.json");

    @TempDir
    static Path dir;

    /** One counterexample per spec and fix off, written as the explorer writes them. */
    static final List<Path> written = new ArrayList<>();

    @BeforeAll
    static void exploreEveryShippedSpecWithEachFixOff() throws IOException {
        LoadedSpecs loaded = LoadedSpecs.load(List.of(SPECS), new PrintWriter(new StringWriter()));
        assertEquals(0, loaded.errors);
        for (Spec spec : loaded.specs) {
            LongFunction<Model> models = new ModelLoader().load(spec);
            ModelInfo info = models.apply(0L).info();
            for (ModelInfo.Fix fix : info.fixes()) {
                Model model = models.apply(FixMask.of(info, fix.name()));
                ExplorationResult result =
                        new Explorer(model, ExplorerConfig.defaults().withWorkers(1)).explore();
                Trace trace = result.counterexample()
                        .orElseThrow(() -> new AssertionError(info.spec() + " without " + fix.name() + " holds"));
                written.add(CounterexampleFiles.write(
                        trace, info, dir.resolve(info.spec() + "-" + fix.name() + ".trace"), true));
            }
        }
        assertTrue(written.size() >= 8, "the catalogue has a fix per report: " + written);
    }

    static Schema schema() throws IOException {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMA));
    }

    static List<Error> validate(Schema schema, String json) throws IOException {
        return schema.validate(new ObjectMapper().readTree(json));
    }

    @Test
    void everyEmittedItfFileIsValidAgainstTheSchemaInDocs() throws IOException {
        Schema schema = schema();
        for (Path trace : written) {
            Path itf = ItfFormat.besides(trace);
            List<Error> errors = validate(schema, Files.readString(itf));
            assertTrue(errors.isEmpty(), itf + ": " + errors);
        }
    }

    @Test
    void theSchemaRejectsAPlainNumberWhereItfWantsABigint() throws IOException {
        String text = Files.readString(ItfFormat.besides(written.get(0)));
        String broken = text.replaceFirst("\\{\"#bigint\": \"(\\d+)\"\\}", "$1");
        assertFalse(broken.equals(text));
        assertFalse(validate(schema(), broken).isEmpty(), "a plain JSON number must not pass as an ITF integer");
    }

    @Test
    void everyItfFileReplaysStateByStateThroughTheCli() {
        for (Path trace : written) {
            Path itf = ItfFormat.besides(trace);
            StringWriter err = new StringWriter();
            int code = Main.run(
                    new String[] {"replay", itf.toString()},
                    new PrintWriter(new StringWriter(), true),
                    new PrintWriter(err, true));
            assertEquals(0, code, itf + ": " + err);
        }
    }

    @Test
    void anEditedStateIsRefusedNamingItsStepAndVariable() throws IOException {
        Path itf = ItfFormat.besides(written.get(0));
        String text = Files.readString(itf);
        int last = text.lastIndexOf("\"#meta\": {\"index\"");
        int at = text.indexOf("{\"#bigint\": \"", last);
        int end = text.indexOf('"', at + "{\"#bigint\": \"".length());
        String edited = text.substring(0, at) + "{\"#bigint\": \"99\"" + text.substring(end + 1);
        Path bad = dir.resolve("edited" + ItfFormat.SUFFIX);
        Files.writeString(bad, edited);
        StringWriter err = new StringWriter();
        int code = Main.run(
                new String[] {"replay", bad.toString()},
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertEquals(1, code, err.toString());
        assertTrue(
                err.toString()
                        .matches("(?s).*does not replay: step \\d+: state after the step: \\S+: the file has "
                                + "\\{\"#bigint\":\"99\"\\}.*"),
                err.toString());
    }

    @Test
    void theSameCounterexampleGivesTheSameItfBytes() throws IOException {
        LoadedSpecs loaded =
                LoadedSpecs.load(List.of(SPECS.resolve("anon_exclusive.mmspec")), new PrintWriter(new StringWriter()));
        LongFunction<Model> models = new ModelLoader().load(loaded.specs.get(0));
        ModelInfo info = models.apply(0L).info();
        Model model = models.apply(FixMask.of(info, "swap_pte_exclusive"));
        Trace trace = new Explorer(model, ExplorerConfig.defaults().withWorkers(2))
                .explore()
                .counterexample()
                .orElseThrow();
        assertEquals(
                Files.readString(ItfFormat.besides(dir.resolve("anon_exclusive-swap_pte_exclusive.trace"))),
                ItfFormat.toText(trace, info));
    }
}
