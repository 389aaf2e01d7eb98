package dev.mmspec.generator.resolve;

import dev.mmspec.generator.ir.Expr;
import dev.mmspec.generator.ir.RecordDecl;
import dev.mmspec.generator.ir.Type;
import dev.mmspec.generator.ir.Var;
import dev.mmspec.generator.lang.BinaryOp;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Record values in the IR are their fields: a record-valued {@code var} or {@code let} ({@code let old: Pte = pte[a];})
 * becomes one scalar variable per field ({@code old.kind}, {@code old.folio}), and a comparison or assignment of whole
 * records becomes one per field. The back end therefore never meets a record value, and every field keeps its own range
 * check and footprint.
 */
final class RecordValues {
    private final Map<Var, List<Var>> fields = new IdentityHashMap<>();

    static boolean isRecord(Var v) {
        return v.type() instanceof Type.RecordType;
    }

    static RecordDecl record(Var v) {
        return ((Type.RecordType) v.type()).decl();
    }

    /** @return the scalar variables a record variable is stored as, in field order (created once). */
    List<Var> fieldsOf(Var v) {
        return fields.computeIfAbsent(v, k -> {
            List<Var> out = new ArrayList<>();
            for (RecordDecl.Field f : record(k).fields()) {
                out.add(new Var(k.name() + "." + f.name(), k.kind(), f.type(), k.span()));
            }
            return List.copyOf(out);
        });
    }

    /** @return the variable of one field of a record variable. */
    Var field(Var v, String name) {
        List<RecordDecl.Field> declared = record(v).fields();
        for (int k = 0; k < declared.size(); k++) {
            if (declared.get(k).name().equals(name)) {
                return fieldsOf(v).get(k);
            }
        }
        throw new AssertionError("record " + record(v).name() + " has no field " + name + " after checking");
    }

    /** @return the variables an operation's locals are stored as: a record local as its fields. */
    List<Var> flatten(List<Var> locals) {
        List<Var> out = new ArrayList<>();
        for (Var v : locals) {
            if (isRecord(v)) {
                out.addAll(fieldsOf(v));
            } else {
                out.add(v);
            }
        }
        return out;
    }

    /** {@code a == b} of records: every field equal; {@code a != b}: some field differs. */
    static Expr compare(BinaryOp op, List<Expr> left, List<Expr> right, dev.mmspec.generator.diag.Span span) {
        BinaryOp join = op == BinaryOp.EQ ? BinaryOp.AND : BinaryOp.OR;
        Expr out = null;
        for (int k = 0; k < left.size(); k++) {
            Expr one = new Expr.Binary(op, left.get(k), right.get(k), new Type.BoolType(), span);
            out = out == null ? one : new Expr.Binary(join, out, one, new Type.BoolType(), span);
        }
        return out == null ? new Expr.BoolLit(op == BinaryOp.EQ, span) : out;
    }
}
