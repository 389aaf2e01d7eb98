package dev.mmspec.engine.property;

import dev.mmspec.contract.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * How often each spec step ran during a campaign: a step that never ran is a part of the spec the tries never tested,
 * whatever the verdict says.
 */
public final class StepCoverage {
    private final long[] counts;

    StepCoverage(int steps) {
        counts = new long[steps];
    }

    void ran(int step) {
        counts[step]++;
    }

    /** @return how often global step {@code step} ran. */
    public long count(int step) {
        return counts[step];
    }

    /** @return the labels of the steps that never ran. */
    public List<String> uncovered(ModelInfo info) {
        List<String> labels = new ArrayList<>();
        for (int s = 0; s < counts.length; s++) {
            if (counts[s] == 0) {
                labels.add(info.steps().get(s).label());
            }
        }
        return labels;
    }

    /** @return one line per step: {@code swap_out.unmap 1234}. */
    public String format(ModelInfo info) {
        int width = 0;
        for (ModelInfo.Step step : info.steps()) {
            width = Math.max(width, step.label().length());
        }
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < counts.length; s++) {
            String label = info.steps().get(s).label();
            text.append("  ")
                    .append(label)
                    .append(" ".repeat(width - label.length() + 2))
                    .append(counts[s])
                    .append('\n');
        }
        return text.toString();
    }
}
