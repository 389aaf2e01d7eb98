package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.Ident;
import dev.mmspec.generator.ast.TypeRef;
import dev.mmspec.generator.diag.Codes;
import dev.mmspec.generator.diag.Reporter;
import java.util.ArrayList;
import java.util.List;

/** Types as written to IR types: part of the types concern, shared by every declaration. */
final class TypeRefs {
    private final Reporter reporter;
    private final Symbols symbols;
    private final BoundsChecker bounds;

    TypeRefs(Reporter reporter, Symbols symbols, BoundsChecker bounds) {
        this.reporter = reporter;
        this.symbols = symbols;
        this.bounds = bounds;
    }

    /**
     * @param allowRecord whether a named record may be the type (only a state element's type)
     * @return the type, or null after reporting why there is none
     */
    ValueType resolve(TypeRef ref, boolean allowRecord) {
        if (ref instanceof TypeRef.Bool) {
            return new ValueType.BoolType();
        }
        if (ref instanceof TypeRef.Int i) {
            bounds.unboundedInt(i.span());
            return null;
        }
        if (ref instanceof TypeRef.Range r) {
            return bounds.range(r);
        }
        if (ref instanceof TypeRef.Optional o) {
            DomainSymbol d = domain(o.domain());
            return d == null ? null : new ValueType.OptionalType(d);
        }
        if (ref instanceof TypeRef.Named n) {
            String name = n.name().name();
            if (symbols.domains().containsKey(name)) {
                return new ValueType.DomainType(symbols.domains().get(name));
            }
            if (symbols.enums().containsKey(name)) {
                return new ValueType.EnumType(symbols.enums().get(name));
            }
            if (symbols.records().containsKey(name)) {
                if (allowRecord) {
                    return new ValueType.RecordType(symbols.records().get(name));
                }
                reporter.report(
                        Codes.NOT_SCALAR,
                        n.span(),
                        "record '" + name + "' cannot be used here",
                        "a record is the element type of state, a var or a let; a parameter or a field is a scalar "
                                + "(pass the element's index)");
                return null;
            }
            unknownType(n.name());
            return null;
        }
        reporter.report(Codes.NOT_SCALAR, ref.span(), "an inline record is only allowed in a state declaration");
        return null;
    }

    /** @return the domain called {@code name} (the built-in Task included), or null after reporting. */
    DomainSymbol domain(Ident name) {
        DomainSymbol d = symbols.domains().get(name.name());
        if (d == null) {
            if (symbols.enums().containsKey(name.name()) || symbols.records().containsKey(name.name())) {
                reporter.report(
                        Codes.WRONG_KIND_OF_NAME,
                        name.span(),
                        "'" + name + "' is not a domain",
                        "indices, quantifiers and optionals range over domains, e.g. 'domain " + name + " = 0..1'");
            } else if (!symbols.isBroken(name.name())) {
                reporter.report(
                        Codes.UNKNOWN_NAME,
                        name.span(),
                        "unknown domain '" + name + "'",
                        Suggestions.hint(name.name(), symbols.domains().keySet()));
            }
        }
        return d;
    }

    private void unknownType(Ident name) {
        if (symbols.isBroken(name.name())) {
            return; // the domain's own error says it all
        }
        List<String> known = new ArrayList<>(symbols.domains().keySet());
        known.addAll(symbols.enums().keySet());
        known.addAll(symbols.records().keySet());
        reporter.report(
                Codes.UNKNOWN_NAME, name.span(), "unknown type '" + name + "'", Suggestions.hint(name.name(), known));
    }
}
