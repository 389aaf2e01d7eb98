package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/**
 * {@code symmetry cpu}: the tasks of a {@code task cpu[n]} declaration are interchangeable, so the explorer may treat
 * states that differ only by a permutation of them as one.
 */
public record Symmetry(List<Task> tasks, Span span) {
    public Symmetry {
        tasks = List.copyOf(tasks);
    }
}
