package dev.mmspec.generator.check;

import dev.mmspec.generator.ir.Domain;
import dev.mmspec.generator.ir.Type;

/**
 * The typing rules that more than one checker needs. Values are ints underneath, but a domain value is not a plain int:
 * {@code folio[f].ref == f} is almost always a slip, so only constants cross between numbers and domains.
 */
final class Types {
    private Types() {}

    static boolean isBool(Type t) {
        return t instanceof Type.BoolType;
    }

    static boolean isInt(Type t) {
        return t instanceof Type.RangeType;
    }

    /** @return the domain of a domain value or optional, else null. */
    static Domain domainOf(Type t) {
        if (t instanceof Type.DomainType d) {
            return d.domain();
        }
        if (t instanceof Type.OptionalType o) {
            return o.domain();
        }
        return null;
    }

    static boolean sameDomain(Domain a, Domain b) {
        return a != null && b != null && a.name().equals(b.name());
    }

    /**
     * @param constant whether the value is a constant expression (a literal or a const): constants may become domain
     *     values, their range is the bounds checker's business
     */
    static boolean assignable(Type target, Type value, boolean constant) {
        if (target == null || value == null) {
            return true; // already reported
        }
        if (target instanceof Type.BoolType) {
            return value instanceof Type.BoolType;
        }
        if (target instanceof Type.RangeType) {
            return value instanceof Type.RangeType;
        }
        if (target instanceof Type.DomainType d) {
            // An optional may be used where a value is needed; the model checks it is not none.
            return sameDomain(d.domain(), domainOf(value)) || (constant && value instanceof Type.RangeType);
        }
        if (target instanceof Type.OptionalType o) {
            return sameDomain(o.domain(), domainOf(value))
                    || value instanceof Type.NoneType
                    || (constant && value instanceof Type.RangeType);
        }
        if (target instanceof Type.EnumType e) {
            return value instanceof Type.EnumType v
                    && v.decl().name().equals(e.decl().name());
        }
        if (target instanceof Type.RecordType r) {
            return value instanceof Type.RecordType v
                    && v.decl().name().equals(r.decl().name());
        }
        return false;
    }

    /** @return whether {@code ==} and {@code !=} may compare the two. */
    static boolean comparable(Type a, Type b, boolean aConstant, boolean bConstant) {
        if (a == null || b == null) {
            return true;
        }
        if (a instanceof Type.NoneType) {
            return b instanceof Type.OptionalType || b instanceof Type.NoneType;
        }
        if (b instanceof Type.NoneType) {
            return a instanceof Type.OptionalType;
        }
        if (domainOf(a) != null || domainOf(b) != null) {
            return sameDomain(domainOf(a), domainOf(b))
                    || (domainOf(a) != null && bConstant && isInt(b))
                    || (domainOf(b) != null && aConstant && isInt(a));
        }
        return assignable(a, b, false);
    }

    /** @return whether {@code <}, {@code +} and friends accept it: ints and domain values. */
    static boolean numeric(Type t) {
        return t instanceof Type.RangeType || t instanceof Type.DomainType;
    }

    /** @return the bounds of an int or domain value. */
    static long low(Type t) {
        return t instanceof Type.RangeType r
                ? r.low()
                : ((Type.DomainType) t).domain().low();
    }

    static long high(Type t) {
        return t instanceof Type.RangeType r
                ? r.high()
                : ((Type.DomainType) t).domain().high();
    }

    /** A range from long bounds, clamped to int: arithmetic results are checked when assigned. */
    static Type.RangeType range(long low, long high) {
        return new Type.RangeType(clamp(Math.min(low, high)), clamp(Math.max(low, high)));
    }

    private static int clamp(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** @return the type two branches of {@code c ? a : b} share, or null if none. */
    static Type join(Type a, Type b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (isInt(a) && isInt(b)) {
            return range(Math.min(a.low(), b.low()), Math.max(a.high(), b.high()));
        }
        if (a instanceof Type.NoneType && b instanceof Type.OptionalType
                || a instanceof Type.OptionalType && b instanceof Type.NoneType) {
            return a instanceof Type.OptionalType ? a : b;
        }
        if (domainOf(a) != null && sameDomain(domainOf(a), domainOf(b))) {
            return a instanceof Type.OptionalType ? a : b;
        }
        return assignable(a, b, false) ? a : null;
    }

    /** @return how a type reads in a message: {@code bool}, {@code 0..4}, {@code Folio?}. */
    static String describe(Type t) {
        return t == null ? "?" : t.toString();
    }

    /** @return the stored initial value of a type: false, its low, its first literal, none. */
    static int defaultValue(Type t) {
        if (t instanceof Type.OptionalType) {
            return -1;
        }
        return t.low();
    }

    /** @return whether {@code value} is one of the type's values (as in IR values: none = -1). */
    static boolean contains(Type t, long value) {
        return value >= t.low() && value <= t.high() && !(t instanceof Type.OptionalType && value < 0 && value != -1);
    }
}
