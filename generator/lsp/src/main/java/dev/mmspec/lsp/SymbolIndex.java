package dev.mmspec.lsp;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every declaration of one spec and every place its name is written, for go to definition, find references and the
 * outline. Built by {@link IndexBuilder} from the AST and the checkers' bindings, so a name means here what it means to
 * the compiler: the {@code f} of a fix and the {@code f} of an operation's local are two symbols.
 */
final class SymbolIndex {
    static final SymbolIndex EMPTY = new SymbolIndex(List.of(), List.of());

    private final List<Symbol> declared;
    private final List<Occurrence> occurrences;

    SymbolIndex(List<Symbol> declared, List<Occurrence> occurrences) {
        this.declared = List.copyOf(declared);
        this.occurrences = occurrences.stream()
                .sorted(Comparator.comparingInt((Occurrence o) -> o.span().line())
                        .thenComparingInt(o -> o.span().column()))
                .toList();
    }

    /** @return the declarations in file order, steps after their operation */
    List<Symbol> declared() {
        return declared;
    }

    /** @return the name written at a 1-based line and column, preferring one the column is inside of */
    Optional<Occurrence> at(int line, int column) {
        Optional<Occurrence> inside = occurrences.stream()
                .filter(o -> o.covers(line, column) && column < o.span().endColumn())
                .findFirst();
        return inside.isPresent()
                ? inside
                : occurrences.stream().filter(o -> o.covers(line, column)).findFirst();
    }

    /** @return every place the symbol's name is written, its declaration included, in file order */
    List<Occurrence> of(Symbol symbol) {
        return occurrences.stream().filter(o -> o.symbol().equals(symbol)).toList();
    }

    /** @return the declared symbols that belong to {@code container} (the steps of an operation) */
    List<Symbol> members(Symbol container) {
        return declared.stream()
                .filter(s -> s.container().equals(container.text()) && memberKind(container.kind()) == s.kind())
                .toList();
    }

    private static Symbol.Kind memberKind(Symbol.Kind container) {
        return switch (container) {
            case OPERATION -> Symbol.Kind.STEP;
            case ENUM -> Symbol.Kind.ENUM_LITERAL;
            default -> null;
        };
    }
}
