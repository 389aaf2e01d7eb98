package dev.mmspec.engine.trace.view;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.engine.trace.ModelText;
import dev.mmspec.engine.trace.RaceDiagram;
import dev.mmspec.engine.trace.Trace;
import dev.mmspec.engine.trace.TraceStep;
import dev.mmspec.engine.trace.itf.ItfFormat;
import dev.mmspec.engine.trace.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The race viewer: one self-contained HTML file (no network, no external script or style) with a table of one column
 * per task that acts and one row per step, the spec line of each step, the broken invariant highlighted on the step
 * that broke it, and a state panel that shows, for the row clicked (or reached with the arrow keys, j/k), every
 * variable with the changed ones marked and the locks each task holds. The table is written here, so the file reads
 * (and prints) without script; the panel is drawn by a small script from the trace's ITF states embedded in the page.
 */
public final class RaceViewer {
    private RaceViewer() {}

    /** @return the viewer of {@code trace}, which must be replayed (carry its states). */
    public static String render(Trace trace, ModelInfo info) {
        if (!trace.replayed()) {
            throw new IllegalArgumentException("the race viewer needs a replayed trace (with states): " + trace);
        }
        List<Integer> columns = actingTasks(trace, info);
        StringBuilder html = new StringBuilder();
        String title = info.spec() + " — " + RaceDiagram.verdict(trace, info);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
                        + "'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<title>")
                .append(escape(title))
                .append("</title>\n<style>\n")
                .append(resource("viewer.css"))
                .append("</style>\n</head>\n<body>\n");
        html.append("<header><h1>")
                .append(escape(info.spec()))
                .append(" <small>")
                .append(escape(info.title()))
                .append("</small></h1>\n")
                .append("<p id=\"verdict\" class=\"")
                .append(trace.violation().isPresent() ? "bad" : "good")
                .append("\">")
                .append(escape(RaceDiagram.verdict(trace, info)))
                .append("</p>\n")
                .append("<p class=\"hint\">Click a row or use ↑/↓ (j/k) to see the whole state after that "
                        + "step.</p></header>\n");
        html.append("<main>\n<table id=\"race\">\n<thead><tr><th class=\"n\">#</th><th class=\"line\">line</th>");
        for (int t : columns) {
            html.append("<th class=\"task\" data-task=\"")
                    .append(escape(info.tasks().get(t)))
                    .append("\">task ")
                    .append(t)
                    .append(" (")
                    .append(escape(info.tasks().get(t)))
                    .append(")</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        html.append("<tr class=\"step init\" data-index=\"0\" tabindex=\"0\"><td class=\"n\">0</td><td "
                        + "class=\"line\"></td><td colspan=\"")
                .append(columns.size())
                .append("\">initial state</td></tr>\n");
        for (int i = 0; i < trace.steps().size(); i++) {
            html.append(row(trace, info, columns, i));
        }
        html.append("</tbody>\n</table>\n<aside id=\"state\" aria-live=\"polite\"><h2>State</h2><p>Click a "
                + "row.</p></aside>\n</main>\n");
        html.append("<script type=\"application/json\" id=\"trace-data\">")
                .append(Json.writeCompact(ItfFormat.toItf(trace, info)))
                .append("</script>\n<script>\n")
                .append(resource("viewer.js"))
                .append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private static String row(Trace trace, ModelInfo info, List<Integer> columns, int i) {
        TraceStep step = trace.steps().get(i);
        ModelInfo.Action action = info.actions().get(step.action());
        ModelInfo.Step specStep = info.steps().get(step.step());
        boolean last = i == trace.steps().size() - 1;
        boolean broke = last && trace.violation().isPresent();
        StringBuilder row = new StringBuilder("<tr class=\"step")
                .append(broke ? " violation" : "")
                .append("\" data-index=\"")
                .append(i + 1)
                .append("\" tabindex=\"0\"><td class=\"n\">")
                .append(i + 1)
                .append("</td><td class=\"line\">")
                .append(escape(info.sourcePath()))
                .append(':')
                .append(specStep.line())
                .append("</td>");
        for (int t : columns) {
            row.append("<td>");
            if (t == action.task()) {
                String invocation = RaceDiagram.invocationAt(trace, info, i);
                row.append("<b>")
                        .append(escape(invocation))
                        .append('.')
                        .append(escape(specStep.name()))
                        .append("</b>");
                String changes = RaceDiagram.changes(
                        info, trace.states().get(i), trace.states().get(i + 1));
                if (!changes.isEmpty()) {
                    row.append("<div class=\"changes\">")
                            .append(escape(changes))
                            .append("</div>");
                }
                if (step.outcome() != 0) {
                    row.append("<div class=\"outcome\">→ ")
                            .append(escape(
                                    step.outcome() > 0
                                            ? info.outcomeName(step.outcome())
                                            : ModelText.modelError(info, step.outcome())))
                            .append("</div>");
                }
                if (broke) {
                    row.append("<div class=\"broke\">")
                            .append(escape(RaceDiagram.verdict(trace, info)))
                            .append("</div>");
                }
            }
            row.append("</td>");
        }
        return row.append("</tr>\n").toString();
    }

    /** @return the tasks that take at least one step, in task order: idle tasks get no column. */
    static List<Integer> actingTasks(Trace trace, ModelInfo info) {
        boolean[] acts = new boolean[info.tasks().size()];
        for (TraceStep step : trace.steps()) {
            acts[info.actions().get(step.action()).task()] = true;
        }
        List<Integer> tasks = new ArrayList<>();
        for (int t = 0; t < acts.length; t++) {
            if (acts[t]) {
                tasks.add(t);
            }
        }
        return tasks;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = RaceViewer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("mmspec is missing its resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
