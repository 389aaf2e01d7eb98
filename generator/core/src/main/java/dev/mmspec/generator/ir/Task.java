package dev.mmspec.generator.ir;

import dev.mmspec.generator.diag.Span;
import java.util.List;

/**
 * {@code task app: write, gup_get, dma_complete}: a simulated task and the operations it may start. {@code task cpu[2]:
 * ...} declares two tasks {@code cpu0, cpu1} that are interchangeable (a symmetry group).
 *
 * @param index its number in the built-in {@code Task} domain
 * @param group the declaration it came from (the same for every task of a {@code [n]} declaration)
 */
public record Task(String name, int index, List<Operation> operations, String group, Span span) {
    public Task {
        operations = List.copyOf(operations);
    }
}
