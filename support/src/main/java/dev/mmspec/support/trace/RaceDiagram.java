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
 * going down, one row per stretch of one operation invocation, with the spec state it changed
 * (wrapped within the task's column when it is long), then what broke and how to replay it.
 *
 * <pre>
 *   task 0 (app)                                        task 1 (reclaim)
 *   gup_get(0).grab  folio[0].ref=2, gup_target[0]=0
 *                                                       swap_out(0).add_to_swapcache,unmap,pageout
 *                                                         pte[0].kind=swap, folio[0].swapcache=true,
 *                                                         folio[0].exclusive=false
 *   write(0).fault,wp  pte[0].folio=1, folio[1].ref=1
 *   dma_complete(0).complete  folio[0].dma_data=1
 * violated: no_lost_dma  spec/anon_exclusive.mmspec:230  fixes off: swap_pte_exclusive
 * replay: mmspec replay target/mmspec/anon_exclusive-swap_pte_exclusive.trace
 * </pre>
 *
 * Only {@code STATE} and {@code GHOST} slots are shown: lock owners and program counters are how the
 * model works, not what the race is about.
 */
public final class RaceDiagram {
    private static final int GAP = 4;
    /** Changes wrap onto further lines of their cell past this width, so that columns stay readable. */
    private static final int WRAP = 48;

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
            width[row.task] = Math.max(width[row.task], Math.max(row.head.length(), Math.min(row.oneLine().length(), WRAP)));
        }
        StringBuilder out = new StringBuilder();
        out.append(line(headers, width));
        for (Row row : rows) {
            for (String text : row.lines(width[row.task])) {
                String[] cells = new String[tasks];
                cells[row.task] = text;
                out.append(line(cells, width));
            }
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
            case MODEL_ERROR -> "model error: " + v.name() + "  " + errorSite(info, trace, v.name()) + "  " + fixes;
            case DEADLOCK -> "deadlock: " + v.name() + " blocked  " + info.sourcePath() + "  " + fixes;
            default -> v.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + v.name()
                    + "  " + info.sourcePath() + "  " + fixes;
        };
    }

    /**
     * Where the spec says the error is: by the id of the site the failing step reported (the
     * generator gives every site its own), not by its message, which several sites may share (an
     * underflow on line 12 was reported at line 7). A trace without the failing step (one written
     * by hand) falls back to the first site with the message.
     */
    private static String errorSite(ModelInfo info, Trace trace, String message) {
        for (int i = trace.steps().size() - 1; i >= 0; i--) {
            int error = -2 - trace.steps().get(i).outcome();
            if (error >= 0 && error < info.errors().size()) {
                return info.sourcePath() + ":" + info.errors().get(error).line();
            }
        }
        for (ModelInfo.ModelError error : info.errors()) {
            if (error.message().equals(message)) {
                return info.sourcePath() + ":" + error.line();
            }
        }
        return info.sourcePath();
    }

    /** One stretch of one invocation: {@code op(args).step,step}, the slots it changed, what it returned. */
    private record Row(int task, String head, List<String> changes, String outcomes) {
        String oneLine() {
            return head + (changes.isEmpty() ? "" : "  " + String.join(", ", changes)) + outcomes;
        }

        /** @return the cell's lines: the head with as many changes as fit, the rest wrapped and indented. */
        List<String> lines(int width) {
            List<String> lines = new ArrayList<>();
            StringBuilder current = new StringBuilder(head);
            boolean first = true;
            for (String change : changes) {
                String separator = first ? "  " : ", ";
                if (current.length() + separator.length() + change.length() > width) {
                    if (!first) {
                        current.append(',');
                    }
                    lines.add(current.toString());
                    current = new StringBuilder("  ").append(change);
                } else {
                    current.append(separator).append(change);
                }
                first = false;
            }
            lines.add(current.append(outcomes).toString());
            return lines;
        }
    }

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
            List<String> changes = changedSlots(info, trace.states().get(i), trace.states().get(end));
            rows.add(new Row(task, name, changes, outcomes.toString()));
            i = end;
        }
        return rows;
    }

    /** @return {@code folio[0].ref=2, pte[0].kind=swap} for the STATE and GHOST slots that differ. */
    public static String changes(ModelInfo info, long[] before, long[] after) {
        return String.join(", ", changedSlots(info, before, after));
    }

    private static List<String> changedSlots(ModelInfo info, long[] before, long[] after) {
        List<String> changes = new ArrayList<>();
        for (Slot slot : info.slots()) {
            if (slot.kind() != SlotKind.STATE && slot.kind() != SlotKind.GHOST) {
                continue;
            }
            int value = slot.get(after);
            if (value != slot.get(before)) {
                changes.add(slot.name() + "=" + slot.format(value));
            }
        }
        return changes;
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
