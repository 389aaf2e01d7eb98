package dev.mmspec.generator.check;

/**
 * The typing rules that more than one checker needs. Values are ints underneath, but a domain value is not a plain int:
 * {@code folio[f].ref == f} is almost always a slip, so only constants cross between numbers and domains.
 */
final class Types {
    private Types() {}

    static boolean isBool(ValueType t) {
        return t instanceof ValueType.BoolType;
    }

    static boolean isInt(ValueType t) {
        return t instanceof ValueType.RangeType;
    }

    /** @return the domain of a domain value or optional, else null. */
    static DomainSymbol domainOf(ValueType t) {
        if (t instanceof ValueType.DomainType d) {
            return d.domain();
        }
        if (t instanceof ValueType.OptionalType o) {
            return o.domain();
        }
        return null;
    }

    static boolean sameDomain(DomainSymbol a, DomainSymbol b) {
        return a != null && b != null && a.name().equals(b.name());
    }

    /**
     * @param constant whether the value is a constant expression (a literal or a const): constants may become domain
     *     values, their range is the bounds checker's business
     */
    static boolean assignable(ValueType target, ValueType value, boolean constant) {
        if (target == null || value == null) {
            return true; // already reported
        }
        if (target instanceof ValueType.BoolType) {
            return value instanceof ValueType.BoolType;
        }
        if (target instanceof ValueType.RangeType) {
            return value instanceof ValueType.RangeType;
        }
        if (target instanceof ValueType.DomainType d) {
            // An optional may be used where a value is needed; the model checks it is not none.
            return sameDomain(d.domain(), domainOf(value)) || (constant && value instanceof ValueType.RangeType);
        }
        if (target instanceof ValueType.OptionalType o) {
            return sameDomain(o.domain(), domainOf(value))
                    || value instanceof ValueType.NoneType
                    || (constant && value instanceof ValueType.RangeType);
        }
        if (target instanceof ValueType.EnumType e) {
            return value instanceof ValueType.EnumType v
                    && v.decl().name().equals(e.decl().name());
        }
        if (target instanceof ValueType.RecordType r) {
            return value instanceof ValueType.RecordType v
                    && v.decl().name().equals(r.decl().name());
        }
        return false;
    }

    /** @return whether {@code ==} and {@code !=} may compare the two. */
    static boolean comparable(ValueType a, ValueType b, boolean aConstant, boolean bConstant) {
        if (a == null || b == null) {
            return true;
        }
        if (a instanceof ValueType.NoneType) {
            return b instanceof ValueType.OptionalType || b instanceof ValueType.NoneType;
        }
        if (b instanceof ValueType.NoneType) {
            return a instanceof ValueType.OptionalType;
        }
        if (domainOf(a) != null || domainOf(b) != null) {
            return sameDomain(domainOf(a), domainOf(b))
                    || (domainOf(a) != null && bConstant && isInt(b))
                    || (domainOf(b) != null && aConstant && isInt(a));
        }
        return assignable(a, b, false);
    }

    /** @return whether {@code <}, {@code +} and friends accept it: ints and domain values. */
    static boolean numeric(ValueType t) {
        return t instanceof ValueType.RangeType || t instanceof ValueType.DomainType;
    }

    /** @return the bounds of an int or domain value. */
    static long low(ValueType t) {
        return t instanceof ValueType.RangeType r
                ? r.low()
                : ((ValueType.DomainType) t).domain().low();
    }

    static long high(ValueType t) {
        return t instanceof ValueType.RangeType r
                ? r.high()
                : ((ValueType.DomainType) t).domain().high();
    }

    /** A range from long bounds, clamped to int: arithmetic results are checked when assigned. */
    static ValueType.RangeType range(long low, long high) {
        return new ValueType.RangeType(clamp(Math.min(low, high)), clamp(Math.max(low, high)));
    }

    private static int clamp(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** @return the type two branches of {@code c ? a : b} share, or null if none. */
    static ValueType join(ValueType a, ValueType b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (isInt(a) && isInt(b)) {
            return range(Math.min(a.low(), b.low()), Math.max(a.high(), b.high()));
        }
        if (a instanceof ValueType.NoneType && b instanceof ValueType.OptionalType
                || a instanceof ValueType.OptionalType && b instanceof ValueType.NoneType) {
            return a instanceof ValueType.OptionalType ? a : b;
        }
        if (domainOf(a) != null && sameDomain(domainOf(a), domainOf(b))) {
            return a instanceof ValueType.OptionalType ? a : b;
        }
        return assignable(a, b, false) ? a : null;
    }

    /** @return how a type reads in a message: {@code bool}, {@code 0..4}, {@code Folio?}. */
    static String describe(ValueType t) {
        return t == null ? "?" : t.toString();
    }

    /** @return the stored initial value of a type: false, its low, its first literal, none. */
    static int defaultValue(ValueType t) {
        if (t instanceof ValueType.OptionalType) {
            return -1;
        }
        return t.low();
    }

    /** @return whether {@code value} is one of the type's values (as in IR values: none = -1). */
    static boolean contains(ValueType t, long value) {
        return value >= t.low()
                && value <= t.high()
                && !(t instanceof ValueType.OptionalType && value < 0 && value != -1);
    }
}
