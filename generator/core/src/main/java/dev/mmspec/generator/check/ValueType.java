package dev.mmspec.generator.check;

/**
 * The type of a value in the model. Every type is finite: records only hold scalar fields, and an integer always has
 * bounds.
 */
public sealed interface ValueType {

    /** @return the number of distinct values of a scalar type (records: not applicable). */
    int cardinality();

    /** @return the smallest value as stored (bool 0, range low, enum 0, domain low, optional 0). */
    int low();

    /** @return the largest value as stored. */
    int high();

    record BoolType() implements ValueType {
        public int cardinality() {
            return 2;
        }

        public int low() {
            return 0;
        }

        public int high() {
            return 1;
        }

        @Override
        public String toString() {
            return "bool";
        }
    }

    /** A bounded integer {@code low..high}. */
    record RangeType(int low, int high) implements ValueType {
        public int cardinality() {
            return high - low + 1;
        }

        @Override
        public String toString() {
            return low + ".." + high;
        }
    }

    /** A value of a declared domain ({@code Folio}); usable as an array index. */
    record DomainType(DomainSymbol domain) implements ValueType {
        public int cardinality() {
            return domain.size();
        }

        public int low() {
            return domain.low();
        }

        public int high() {
            return domain.high();
        }

        @Override
        public String toString() {
            return domain.name();
        }
    }

    /**
     * An optional reference into a domain ({@code Folio?}). Values: -1 for {@code none}, else the domain value. Stored
     * as 0 for none and {@code value - domain.low + 1} otherwise.
     */
    record OptionalType(DomainSymbol domain) implements ValueType {
        public int cardinality() {
            return domain.size() + 1;
        }

        public int low() {
            return -1;
        }

        public int high() {
            return domain.high();
        }

        @Override
        public String toString() {
            return domain.name() + "?";
        }
    }

    /** An enum; values are ordinals. */
    record EnumType(EnumSymbol decl) implements ValueType {
        public int cardinality() {
            return decl.literals().size();
        }

        public int low() {
            return 0;
        }

        public int high() {
            return decl.literals().size() - 1;
        }

        @Override
        public String toString() {
            return decl.name();
        }
    }

    /** A record: only as the element type of a state variable. */
    record RecordType(RecordSymbol decl) implements ValueType {
        public int cardinality() {
            throw new UnsupportedOperationException("a record has no cardinality: " + decl.name());
        }

        public int low() {
            throw new UnsupportedOperationException("a record has no low: " + decl.name());
        }

        public int high() {
            throw new UnsupportedOperationException("a record has no high: " + decl.name());
        }

        @Override
        public String toString() {
            return decl.name();
        }
    }

    /** The type of {@code none} before it meets an optional. */
    record NoneType() implements ValueType {
        public int cardinality() {
            return 1;
        }

        public int low() {
            return -1;
        }

        public int high() {
            return -1;
        }

        @Override
        public String toString() {
            return "none";
        }
    }
}
