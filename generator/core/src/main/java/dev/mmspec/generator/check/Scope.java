package dev.mmspec.generator.check;

import java.util.LinkedHashMap;
import java.util.Map;

/** Lexical scope of parameters, locals, lets and bound variables; a child sees its parents. */
final class Scope {
    private final Scope parent;
    private final Map<String, VariableSymbol> vars = new LinkedHashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    static Scope root() {
        return new Scope(null);
    }

    Scope child() {
        return new Scope(this);
    }

    VariableSymbol lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            VariableSymbol v = s.vars.get(name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    void declare(VariableSymbol var) {
        vars.put(var.name(), var);
    }

    /** @return every visible name, innermost first, for "did you mean" hints. */
    Iterable<String> names() {
        LinkedHashMap<String, VariableSymbol> all = new LinkedHashMap<>();
        for (Scope s = this; s != null; s = s.parent) {
            s.vars.forEach(all::putIfAbsent);
        }
        return all.keySet();
    }
}
