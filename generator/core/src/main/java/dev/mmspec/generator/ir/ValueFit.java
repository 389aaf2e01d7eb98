package dev.mmspec.generator.ir;

/**
 * Which range tests can never fail. The generated Java model and the TLA+ and Promela exports leave out the test of a
 * value stored where every value of its type fits, and they must leave out the same ones: a test one keeps and another
 * drops would make them disagree on a model error. So there is one rule, here.
 */
public final class ValueFit {
    private ValueFit() {}

    /**
     * @return whether every value {@code value} can take is a value of {@code target}, so that no range test can fail
     */
    public static boolean alwaysFits(Expr value, Type target) {
        if (value instanceof Expr.NoneLit) {
            return target instanceof Type.OptionalType;
        }
        if (value instanceof Expr.IntLit lit) {
            int low = target instanceof Type.OptionalType ? target.low() + 1 : target.low();
            return lit.value() >= low && lit.value() <= target.high();
        }
        if (value instanceof Expr.Binary || value instanceof Expr.Unary || value instanceof Expr.Conditional) {
            return false; // arithmetic: the bound is tested where the value lands
        }
        Type vt = value.type();
        if (vt instanceof Type.RecordType || target instanceof Type.RecordType) {
            return false;
        }
        if (target instanceof Type.OptionalType to) {
            if (vt instanceof Type.OptionalType vo) {
                return vo.domain().low() >= to.domain().low()
                        && vo.domain().high() <= to.domain().high();
            }
            return vt instanceof Type.DomainType vd
                    && vd.domain().low() >= to.domain().low()
                    && vd.domain().high() <= to.domain().high();
        }
        if (vt instanceof Type.OptionalType || vt instanceof Type.NoneType) {
            return false;
        }
        if (vt instanceof Type.EnumType || target instanceof Type.EnumType) {
            return vt.toString().equals(target.toString());
        }
        return vt.low() >= target.low() && vt.high() <= target.high();
    }
}
