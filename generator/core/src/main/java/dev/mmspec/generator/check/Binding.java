package dev.mmspec.generator.check;

/** What a name in an expression or assignment target stands for, as the type checker decided. */
public sealed interface Binding {

    record ToVar(VariableSymbol variable) implements Binding {}

    record ToState(StateSymbol state) implements Binding {}

    record ToConst(String name, int value) implements Binding {}

    record ToEnumLiteral(EnumSymbol decl, int ordinal) implements Binding {}
}
