package dev.mmspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mmspec.contract.model.FixMask;
import dev.mmspec.contract.model.Model;
import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.explore.Explorer;
import dev.mmspec.engine.explore.ExplorerConfig;
import dev.mmspec.engine.trace.CounterexampleFiles;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.itf.ItfState;
import dev.mmspec.generator.build.ModelLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The race viewer in a real headless Chromium (Debian's {@code chromium}): the columns, rows and highlighted violation
 * are in the DOM, a real mouse click fills the state panel with the changed fields marked and the locks held, the arrow
 * keys step, and nothing is loaded from anywhere. A screenshot of each is left in {@code target/}. Without a browser:
 * fails when {@code CI} is set, else is skipped saying why.
 */
class RaceViewerBrowserTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({"anon_exclusive.mmspec, swap_pte_exclusive", "anon/dirty_cow.mmspec, gup_force_cow_recheck"})
    void theViewerOfACatalogueRaceShowsItsStepsAndStatesInABrowser(String specFile, String fix) throws Exception {
        Path chromium = HeadlessChromium.find();
        if (chromium == null) {
            String reason =
                    "no headless browser: install Debian's chromium (apt-get install -y chromium) to test the race "
                            + "viewer";
            if (System.getenv("CI") != null) {
                fail(reason);
            }
            Assumptions.abort(reason);
        }
        LoadedSpecs loaded = LoadedSpecs.load(
                List.of(ItfRoundTripTest.SPECS.resolve(specFile)), new PrintWriter(new StringWriter()));
        LongFunction<Model> models = new ModelLoader().load(loaded.specs.get(0));
        ModelInfo info = models.apply(0L).info();
        Trace trace = new Explorer(
                        models.apply(FixMask.of(info, fix)),
                        ExplorerConfig.defaults().withWorkers(1))
                .explore()
                .counterexample()
                .orElseThrow();
        Path html = CounterexampleFiles.htmlBesides(
                CounterexampleFiles.write(trace, info, dir.resolve(info.spec() + ".trace"), true));
        Set<Integer> acting = new HashSet<>();
        trace.steps().forEach(s -> acting.add(info.actions().get(s.action()).task()));

        try (HeadlessChromium browser = new HeadlessChromium(chromium, dir.resolve("profile"))) {
            browser.open(html);
            assertEquals(
                    (long) acting.size(), browser.evaluate("document.querySelectorAll('#race thead th.task').length"));
            assertEquals(
                    (long) trace.steps().size() + 1,
                    browser.evaluate("document.querySelectorAll('#race tbody tr.step').length"));
            assertEquals(
                    0L,
                    browser.evaluate("document.querySelectorAll('[src],[href],link,iframe').length"),
                    "nothing to fetch");
            String invariant = trace.violation().orElseThrow().name();
            assertEquals(
                    String.valueOf(trace.steps().size()),
                    browser.evaluate("document.querySelector('#race tr.violation').dataset.index"));
            assertTrue(((String) browser.evaluate("document.querySelector('#race tr.violation').textContent"))
                    .contains(invariant));
            assertEquals(
                    String.valueOf(trace.steps().size()),
                    browser.evaluate("document.querySelector('#race tr.selected').dataset.index"),
                    "the viewer opens on the step that broke the invariant");

            int changing = 1;
            while (dev.mmspec.engine.trace.RaceDiagram.changes(
                            info,
                            trace.states().get(changing - 1),
                            trace.states().get(changing))
                    .isEmpty()) {
                changing++;
            }
            browser.click("#race tr[data-index=\"" + changing + "\"]");
            assertTrue(((String) browser.evaluate("document.querySelector('#state h2').textContent"))
                    .startsWith("State after step " + changing));
            String firstChange = dev.mmspec.engine.trace.RaceDiagram.changes(
                            info,
                            trace.states().get(changing - 1),
                            trace.states().get(changing))
                    .split("=")[0];
            assertEquals(
                    firstChange,
                    browser.evaluate("document.querySelector('#state .changed').dataset.path"),
                    "the first field the step changed is marked");
            assertEquals(
                    (long) info.tasks().size(),
                    browser.evaluate("document.querySelectorAll('#state [data-task]').length"));

            browser.press("ArrowDown");
            assertEquals(
                    String.valueOf(changing + 1),
                    browser.evaluate("document.querySelector('#race tr.selected').dataset.index"));

            int holding = firstStateWithALockHeld(info, trace);
            if (holding > 0) {
                browser.click("#race tr[data-index=\"" + holding + "\"]");
                String tasks = (String)
                        browser.evaluate("Array.from(document.querySelectorAll('#state [data-task]')).map(e => "
                                + "e.textContent).join('\\n')");
                for (int t = 0; t < info.tasks().size(); t++) {
                    for (String lock : ItfState.held(info, trace.states().get(holding), t)) {
                        assertTrue(tasks.contains(lock), tasks);
                    }
                }
            }
            browser.click("#race tr.violation");
            Path shot = Path.of("target", "race-viewer-" + info.spec() + ".png");
            browser.screenshot(shot);
            assertTrue(Files.size(shot) > 10_000, "screenshot " + shot);
        }
    }

    private static int firstStateWithALockHeld(ModelInfo info, Trace trace) {
        for (int i = 1; i < trace.states().size(); i++) {
            for (int t = 0; t < info.tasks().size(); t++) {
                if (!ItfState.held(info, trace.states().get(i), t).isEmpty()) {
                    return i;
                }
            }
        }
        return -1;
    }
}
