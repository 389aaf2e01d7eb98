package dev.mmspec.generator.check;

import dev.mmspec.generator.ir.EnumDecl;
import dev.mmspec.generator.ir.Var;

/** What a name in an expression or assignment target stands for, as the type checker decided. */
public sealed interface Binding {

    record ToVar(Var variable) implements Binding {}

    record ToState(StateSymbol state) implements Binding {}

    record ToConst(String name, int value) implements Binding {}

    record ToEnumLiteral(EnumDecl decl, int ordinal) implements Binding {}
}
