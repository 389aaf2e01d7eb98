package dev.mmspec.engine.trace;

import dev.mmspec.contract.model.ModelInfo;
import dev.mmspec.contract.model.ModelInfo.Action;
import dev.mmspec.contract.model.ModelInfo.Slot;
import dev.mmspec.contract.model.ModelInfo.SlotKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A trace drawn the way kernel developers draw races in commit messages: one column per task, time going down, one row
 * per stretch of one operation invocation, with the spec state it changed (wrapped within the task's column when it is
 * long), then what broke and how to replay it.
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
 * Only {@code STATE} and {@code GHOST} slots are shown: lock owners and program counters are how the model works, not
 * what the race is about.
 */
public final class RaceDiagram {
    private static final int GAP = 4;
    /** A cell is never wrapped narrower than this, however many tasks share the width. */
    private static final int MIN_CELL = 24;

    private RaceDiagram() {}

    /** {@link #render(Trace, ModelInfo, String, DiagramStyle)} for a log or a file: 100 columns, no colour. */
    public static String render(Trace trace, ModelInfo info, String replayHint) {
        return render(trace, info, replayHint, DiagramStyle.plain());
    }

    /**
     * @param trace a replayed trace (with states)
     * @param replayHint what to run to replay it (a command or a file), or "" for no replay line
     * @param style the width to fit and whether to colour
     */
    public static String render(Trace trace, ModelInfo info, String replayHint, DiagramStyle style) {
        if (!trace.replayed()) {
            throw new IllegalArgumentException("a race diagram needs a replayed trace (with states): " + trace);
        }
        List<Row> rows = rows(trace, info);
        // Only tasks that act get a column: an idle task's empty column is noise in a three-task race.
        List<Integer> acting = new ArrayList<>();
        for (int t = 0; t < info.tasks().size(); t++) {
            final int task = t;
            if (rows.stream().anyMatch(r -> r.task == task)) {
                acting.add(t);
            }
        }
        int columns = Math.max(1, acting.size());
        int wrap = Math.max(MIN_CELL, (style.width() - 2 - GAP * (columns - 1)) / columns);
        int[] width = new int[info.tasks().size()];
        String[] headers = new String[info.tasks().size()];
        for (int t : acting) {
            headers[t] = "task " + t + " (" + info.tasks().get(t) + ")";
            width[t] = headers[t].length();
        }
        for (Row row : rows) {
            width[row.task] = Math.max(
                    width[row.task],
                    Math.max(row.head.length(), Math.min(row.oneLine().length(), wrap)));
        }
        StringBuilder out = new StringBuilder();
        out.append(style.bold(line(headers, width, acting))).append('\n');
        for (Row row : rows) {
            for (String text : row.lines(width[row.task])) {
                String[] cells = new String[info.tasks().size()];
                cells[row.task] = text;
                out.append(line(cells, width, acting)).append('\n');
            }
        }
        String verdict = verdict(trace, info);
        out.append(trace.violation().isPresent() ? style.red(verdict) : verdict).append('\n');
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
                String where = index < 0
                        ? info.sourcePath()
                        : info.sourcePath() + ":" + info.invariants().get(index).line();
                yield "violated: " + v.name() + "  " + where + "  " + fixes;
            }
            case MODEL_ERROR -> "model error: " + v.name() + "  " + errorSite(info, trace, v.name()) + "  " + fixes;
            case DEADLOCK -> "deadlock: " + v.name() + " blocked  " + info.sourcePath() + "  " + fixes;
            default ->
                v.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + v.name() + "  " + info.sourcePath()
                        + "  " + fixes;
        };
    }

    /**
     * Where the spec says the error is: by the id of the site the failing step reported (the generator gives every site
     * its own), not by its message, which several sites may share (an underflow on line 12 was reported at line 7). A
     * trace without the failing step (one written by hand) falls back to the first site with the message.
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
        int i = 0;
        List<TraceStep> steps = trace.steps();
        while (i < steps.size()) {
            int task = info.actions().get(steps.get(i).action()).task();
            String invocation = invocationAt(trace, info, i);
            StringBuilder names = new StringBuilder();
            StringBuilder outcomes = new StringBuilder();
            int end = i;
            do {
                TraceStep step = steps.get(end);
                names.append(end == i ? "" : ",")
                        .append(info.steps().get(step.step()).name());
                if (step.outcome() > 0) {
                    outcomes.append("  -> ").append(info.outcomeName(step.outcome()));
                } else if (step.outcome() <= -2) {
                    outcomes.append("  !! ").append(ModelText.modelError(info, step.outcome()));
                }
                end++;
            } while (end < steps.size()
                    && info.actions().get(steps.get(end).action()).isContinue()
                    && info.actions().get(steps.get(end).action()).task() == task);
            List<String> changes = changedSlots(info, trace.states().subList(i, end + 1));
            changes.addAll(locals(info, task, trace.states().subList(i, end + 1)));
            rows.add(new Row(task, invocation + "." + names, changes, outcomes.toString()));
            i = end;
        }
        return rows;
    }

    /** @return {@code op(args)} of the invocation step {@code index} of the trace belongs to. */
    public static String invocationAt(Trace trace, ModelInfo info, int index) {
        int task = info.actions().get(trace.steps().get(index).action()).task();
        for (int k = index; k >= 0; k--) {
            Action a = info.actions().get(trace.steps().get(k).action());
            if (a.task() == task && !a.isContinue()) {
                return ModelText.invocation(info, a.operation(), a.arguments());
            }
        }
        return "?";
    }

    /** @return {@code folio[0].ref=2, pte[0].kind=swap} for the STATE and GHOST slots that differ. */
    public static String changes(ModelInfo info, long[] before, long[] after) {
        return String.join(", ", changedSlots(info, List.of(before, after)));
    }

    /**
     * @return each STATE or GHOST slot that changes somewhere along {@code states}: {@code ref=3} when it changed once,
     *     {@code ref=2→3→2} (every value it took, the first included) when a merged row changed it more than once, even
     *     back to where it started
     */
    private static List<String> changedSlots(ModelInfo info, List<long[]> states) {
        List<String> changes = new ArrayList<>();
        for (Slot slot : info.slots()) {
            if (slot.kind() != SlotKind.STATE && slot.kind() != SlotKind.GHOST) {
                continue;
            }
            List<String> values = history(slot, states);
            if (values.size() == 2) {
                changes.add(slot.name() + "=" + values.get(1));
            } else if (values.size() > 2) {
                changes.add(slot.name() + "=" + String.join("\u2192", values));
            }
        }
        return changes;
    }

    /**
     * @return the locals and parameters of {@code task}'s operation as they were after each step of the row that set
     *     them ({@code vma=1}, {@code vma=0→1} for a walk that visited two), since which element a step worked on is
     *     often the race
     */
    private static List<String> locals(ModelInfo info, int task, List<long[]> states) {
        List<String> shown = new ArrayList<>();
        for (Slot slot : info.slots()) {
            if (slot.task() != task || slot.kind() != SlotKind.TASK_LOCAL) {
                continue;
            }
            String name = slot.name().substring(slot.name().lastIndexOf('.') + 1);
            List<String> values = new ArrayList<>();
            for (int k = 1; k < states.size(); k++) {
                long[] before = states.get(k - 1);
                long[] after = states.get(k);
                // A local is meaningful while its operation runs: skip the reset when the operation ends.
                if (operationSlot(info, task).get(after) != 0 && slot.get(after) != slot.get(before)) {
                    values.add(slot.format(slot.get(after)));
                }
            }
            if (!values.isEmpty()) {
                shown.add(name + "=" + String.join("\u2192", values));
            }
        }
        return shown;
    }

    private static Slot operationSlot(ModelInfo info, int task) {
        for (Slot slot : info.slots()) {
            if (slot.task() == task && slot.kind() == SlotKind.TASK_OP) {
                return slot;
            }
        }
        throw new IllegalArgumentException("task " + info.tasks().get(task) + " has no operation slot");
    }

    private static List<String> history(Slot slot, List<long[]> states) {
        List<String> values = new ArrayList<>();
        int previous = slot.get(states.get(0));
        values.add(slot.format(previous));
        for (int k = 1; k < states.size(); k++) {
            int value = slot.get(states.get(k));
            if (value != previous) {
                values.add(slot.format(value));
                previous = value;
            }
        }
        return values;
    }

    private static String line(String[] cells, int[] width, List<Integer> acting) {
        StringBuilder line = new StringBuilder("  ");
        int last = acting.size() - 1;
        while (last >= 0 && cells[acting.get(last)] == null) {
            last--;
        }
        for (int k = 0; k <= last; k++) {
            int t = acting.get(k);
            String cell = cells[t] == null ? "" : cells[t];
            line.append(cell);
            if (k < last) {
                line.append(" ".repeat(width[t] - cell.length() + GAP));
            }
        }
        return line.toString();
    }
}
