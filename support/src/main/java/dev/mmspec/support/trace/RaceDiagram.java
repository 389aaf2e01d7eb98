package dev.mmspec.support.trace;

import dev.mmspec.support.model.ModelInfo;
import dev.mmspec.support.model.ModelInfo.Action;
import dev.mmspec.support.model.ModelInfo.Slot;
import dev.mmspec.support.model.ModelInfo.SlotKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A trace drawn the way kernel developers draw races in commit messages: one column per task, time
 * going down, one row per stretch of one operation invocation, with the spec state it changed.
 *
 * <pre>
 *   task 0 (app)                          task 1 (reclaim)
 *   gup_get(0).grab  folio[0].ref=2
 *                                         swap_out(0).add_to_swapcache,unmap  folio[0].swapcache=true, pte[0].kind=swap
 *   write(0).fault,wp  pte[0].folio=1
 * violated: no_lost_dma  spec/anon_exclusive.mmspec:151  fixes off: swap_pte_exclusive
 * replay: mmspec replay target/mmspec/anon_exclusive-swap_pte_exclusive.trace
 * </pre>
 *
 * Only {@code STATE} and {@code GHOST} slots are shown: lock owners and program counters are how the
 * model works, not what the race is about.
 */
public final class RaceDiagram {
    private static final int GAP = 4;

    private RaceDiagram() {}

    /**
     * @param trace a replayed trace (with states)
     * @param replayHint what to run to replay it (a command or a file), or "" for no replay line
     */
    public static String render(Trace trace, ModelInfo info, String replayHint) {
        if (!trace.replayed()) {
            throw new IllegalArgumentException("a race diagram needs a replayed trace (with states): " + trace);
        }
        List<Row> rows = rows(trace, info);
        int tasks = info.tasks().size();
        int[] width = new int[tasks];
        String[] headers = new String[tasks];
        for (int t = 0; t < tasks; t++) {
            headers[t] = "task " + t + " (" + info.tasks().get(t) + ")";
            width[t] = headers[t].length();
        }
        for (Row row : rows) {
            width[row.task] = Math.max(width[row.task], row.text.length());
        }
        StringBuilder out = new StringBuilder();
        out.append(line(headers, width));
        for (Row row : rows) {
            String[] cells = new String[tasks];
            cells[row.task] = row.text;
            out.append(line(cells, width));
        }
        out.append(verdict(trace, info)).append('\n');
        if (!replayHint.isEmpty()) {
            out.append("replay: ").append(replayHint).append('\n');
        }
        return out.toString();
    }

    /** @return the last line: what broke, where the spec says it, and which fixes were off. */
    public static String verdict(Trace trace, ModelInfo info) {
        String fixes = "fixes off: " + ModelText.fixList(trace.fixesOff());
        if (trace.violation().isEmpty()) {
            return "holds  " + info.sourcePath() + "  " + fixes;
        }
        Violation v = trace.violation().get();
        return switch (v.kind()) {
            case INVARIANT -> {
                int index = info.invariantIndex(v.name());
                String where = index < 0 ? info.sourcePath() : info.sourcePath() + ":" + info.invariants().get(index).line();
                yield "violated: " + v.name() + "  " + where + "  " + fixes;
            }
            case MODEL_ERROR -> "model error: " + v.name() + "  " + errorSite(info, v.name()) + "  " + fixes;
            case DEADLOCK -> "deadlock: " + v.name() + " blocked  " + info.sourcePath() + "  " + fixes;
            default -> v.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + v.name()
                    + "  " + info.sourcePath() + "  " + fixes;
        };
    }

    private static String errorSite(ModelInfo info, String message) {
        for (ModelInfo.ModelError error : info.errors()) {
            if (error.message().equals(message)) {
                return info.sourcePath() + ":" + error.line();
            }
        }
        return info.sourcePath();
    }

    private record Row(int task, String text) {}

    /** Groups consecutive steps of one invocation by one task into a row. */
    private static List<Row> rows(Trace trace, ModelInfo info) {
        List<Row> rows = new ArrayList<>();
        String[] invocation = new String[info.tasks().size()];
        int i = 0;
        List<TraceStep> steps = trace.steps();
        while (i < steps.size()) {
            Action first = info.actions().get(steps.get(i).action());
            int task = first.task();
            if (!first.isContinue()) {
                invocation[task] = ModelText.invocation(info, first.operation(), first.arguments());
            }
            StringBuilder names = new StringBuilder();
            StringBuilder outcomes = new StringBuilder();
            int end = i;
            do {
                TraceStep step = steps.get(end);
                names.append(end == i ? "" : ",").append(info.steps().get(step.step()).name());
                if (step.outcome() > 0) {
                    outcomes.append("  -> ").append(info.outcomeName(step.outcome()));
                } else if (step.outcome() <= -2) {
                    outcomes.append("  !! ").append(ModelText.modelError(info, step.outcome()));
                }
                end++;
            } while (end < steps.size()
                    && info.actions().get(steps.get(end).action()).isContinue()
                    && info.actions().get(steps.get(end).action()).task() == task);
            String name = (invocation[task] == null ? "?" : invocation[task]) + "." + names;
            String changes = changes(info, trace.states().get(i), trace.states().get(end));
            rows.add(new Row(task, name + (changes.isEmpty() ? "" : "  " + changes) + outcomes));
            i = end;
        }
        return rows;
    }

    /** @return {@code folio[0].ref=2, pte[0].kind=swap} for the STATE and GHOST slots that differ. */
    public static String changes(ModelInfo info, long[] before, long[] after) {
        StringBuilder text = new StringBuilder();
        for (Slot slot : info.slots()) {
            if (slot.kind() != SlotKind.STATE && slot.kind() != SlotKind.GHOST) {
                continue;
            }
            int value = slot.get(after);
            if (value != slot.get(before)) {
                text.append(text.length() == 0 ? "" : ", ").append(slot.name()).append('=').append(slot.format(value));
            }
        }
        return text.toString();
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder line = new StringBuilder("  ");
        int last = cells.length - 1;
        while (last >= 0 && cells[last] == null) {
            last--;
        }
        for (int t = 0; t <= last; t++) {
            String cell = cells[t] == null ? "" : cells[t];
            line.append(cell);
            if (t < last) {
                line.append(" ".repeat(width[t] - cell.length() + GAP));
            }
        }
        return line.append('\n').toString();
    }
}
