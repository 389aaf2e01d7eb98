package dev.mmspec.generator.parse;

import dev.mmspec.generator.ast.Declaration;
import dev.mmspec.generator.ast.ExpressionSyntax;
import dev.mmspec.generator.ast.FieldDecl;
import dev.mmspec.generator.ast.Ident;
import dev.mmspec.generator.ast.LockUse;
import dev.mmspec.generator.ast.SpecFile;
import dev.mmspec.generator.ast.StatementSyntax;
import dev.mmspec.generator.ast.Target;
import dev.mmspec.generator.ast.TypeRef;
import dev.mmspec.generator.lang.BinaryOp;
import dev.mmspec.generator.lang.ExpectedResult;
import dev.mmspec.generator.lang.LockKind;
import dev.mmspec.generator.lang.LockMode;
import dev.mmspec.generator.lang.Quantifier;
import dev.mmspec.generator.lang.UnaryOp;
import dev.mmspec.grammar.MmSpecBaseVisitor;
import dev.mmspec.grammar.MmSpecParser;
import java.math.BigInteger;
import java.util.List;
import org.antlr.v4.runtime.BufferedTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Builds the AST from a parse tree without syntax errors: one immutable node per visit method, each with the span of
 * the text it came from. It decides nothing about names or types.
 */
public final class AstBuilder extends MmSpecBaseVisitor<Object> {
    private final SourceText sourceText;

    public AstBuilder(BufferedTokenStream tokens) {
        this.sourceText = new SourceText(tokens);
    }

    public SpecFile build(MmSpecParser.SpecContext ctx) {
        return visitSpec(ctx);
    }

    // ----------------------------------------------------------------------------------- top level

    @Override
    public SpecFile visitSpec(MmSpecParser.SpecContext ctx) {
        String source = ctx.source == null ? "" : unquote(ctx.source);
        List<Declaration> declarations =
                ctx.declarations.stream().map(d -> (Declaration) visit(d)).toList();
        return new SpecFile(ident(ctx.header.name), unquote(ctx.header.title), source, declarations, Spans.of(ctx));
    }

    @Override
    public Declaration visitConstDecl(MmSpecParser.ConstDeclContext ctx) {
        return new Declaration.Const(ident(ctx.name), expr(ctx.value), Spans.of(ctx));
    }

    @Override
    public Declaration visitDomainDecl(MmSpecParser.DomainDeclContext ctx) {
        if (ctx.range instanceof MmSpecParser.BoundedRangeContext range) {
            ExpressionSyntax high = range.high == null ? null : constExpr(range.high);
            return new Declaration.Domain(ident(ctx.name), constExpr(range.low), high, Spans.of(ctx));
        }
        return new Declaration.Domain(ident(ctx.name), null, null, Spans.of(ctx));
    }

    @Override
    public Declaration visitEnumDecl(MmSpecParser.EnumDeclContext ctx) {
        List<Ident> literals = ctx.literals.stream()
                .map(l -> new Ident(l.getText(), Spans.of(l)))
                .toList();
        return new Declaration.Enum(ident(ctx.name), literals, Spans.of(ctx));
    }

    @Override
    public Declaration visitRecordDecl(MmSpecParser.RecordDeclContext ctx) {
        return new Declaration.Record(ident(ctx.name), fields(ctx.fields), Spans.of(ctx));
    }

    @Override
    public Declaration visitStateDecl(MmSpecParser.StateDeclContext ctx) {
        ExpressionSyntax initial = ctx.initial == null ? null : expr(ctx.initial);
        return new Declaration.State(
                ctx.ghost != null,
                ident(ctx.name),
                dimensions(ctx.dimensions()),
                type(ctx.type),
                initial,
                Spans.of(ctx));
    }

    @Override
    public Declaration visitInlineStateDecl(MmSpecParser.InlineStateDeclContext ctx) {
        Token open = ctx.LBRACE().getSymbol();
        TypeRef type =
                new TypeRef.InlineRecord(fields(ctx.fields), Spans.between(Spans.of(open), Spans.of(ctx.getStop())));
        return new Declaration.State(
                ctx.ghost != null, ident(ctx.name), dimensions(ctx.dimensions()), type, null, Spans.of(ctx));
    }

    @Override
    public Declaration visitTaskDecl(MmSpecParser.TaskDeclContext ctx) {
        ExpressionSyntax count = ctx.count == null ? null : expr(ctx.count);
        return new Declaration.Task(ident(ctx.name), count, idents(ctx.operations), Spans.of(ctx));
    }

    @Override
    public Declaration visitLockDecl(MmSpecParser.LockDeclContext ctx) {
        LockKind kind = switch (ctx.kind.getStart().getType()) {
            case MmSpecParser.SPINLOCK -> LockKind.SPINLOCK;
            case MmSpecParser.SLEEPING -> LockKind.SLEEPING;
            default -> LockKind.RWSEM;
        };
        return new Declaration.Lock(
                ident(ctx.name), identOrNull(ctx.domain), kind, identOrNull(ctx.granularity), Spans.of(ctx));
    }

    @Override
    public Declaration visitOrderDecl(MmSpecParser.OrderDeclContext ctx) {
        return new Declaration.Order(idents(ctx.locks), Spans.of(ctx));
    }

    @Override
    public Declaration visitIndexOrderDecl(MmSpecParser.IndexOrderDeclContext ctx) {
        return new Declaration.IndexOrder(ident(ctx.lock), ident(ctx.by), Spans.of(ctx));
    }

    @Override
    public Declaration visitGuardDecl(MmSpecParser.GuardDeclContext ctx) {
        MmSpecParser.GuardTargetContext target = ctx.target;
        return new Declaration.Guard(
                ident(target.state),
                idents(target.indices),
                identOrNull(target.field),
                ident(ctx.lock),
                identOrNull(ctx.lockIndex),
                access(ctx.access),
                Spans.of(ctx));
    }

    @Override
    public Declaration visitFixDecl(MmSpecParser.FixDeclContext ctx) {
        return new Declaration.Fix(ident(ctx.name), unquote(ctx.source), Spans.of(ctx));
    }

    @Override
    public Declaration visitInitDecl(MmSpecParser.InitDeclContext ctx) {
        return new Declaration.Init(block(ctx.body), Spans.of(ctx));
    }

    @Override
    public Declaration visitOpDecl(MmSpecParser.OpDeclContext ctx) {
        List<Declaration.StepDecl> steps = new java.util.ArrayList<>();
        List<Declaration.Call> calls = new java.util.ArrayList<>();
        items(ctx.items, steps, calls);
        return new Declaration.Op(
                ident(ctx.name), variables(ctx.parameters), locals(ctx.variables), steps, calls, Spans.of(ctx));
    }

    @Override
    public Declaration visitProcDecl(MmSpecParser.ProcDeclContext ctx) {
        List<Declaration.StepDecl> steps = new java.util.ArrayList<>();
        List<Declaration.Call> calls = new java.util.ArrayList<>();
        items(ctx.items, steps, calls);
        return new Declaration.Proc(
                ident(ctx.name), variables(ctx.parameters), locals(ctx.variables), steps, calls, Spans.of(ctx));
    }

    private List<Declaration.Variable> variables(List<MmSpecParser.ParameterContext> parameters) {
        return parameters.stream()
                .map(p -> new Declaration.Variable(ident(p.name), type(p.type), Spans.of(p)))
                .toList();
    }

    private List<Declaration.Variable> locals(List<MmSpecParser.LocalVarContext> variables) {
        return variables.stream()
                .map(v -> new Declaration.Variable(ident(v.name), type(v.type), Spans.of(v)))
                .toList();
    }

    /** Steps in order, and each call with the number of steps before it. */
    private void items(
            List<MmSpecParser.OpItemContext> items, List<Declaration.StepDecl> steps, List<Declaration.Call> calls) {
        for (MmSpecParser.OpItemContext item : items) {
            if (item instanceof MmSpecParser.StepItemContext step) {
                MmSpecParser.StepDeclContext s = step.stepDecl();
                steps.add(new Declaration.StepDecl(ident(s.name), block(s.body), Spans.of(s)));
            } else if (item instanceof MmSpecParser.CallItemContext call) {
                List<Declaration.Argument> arguments = call.arguments.stream()
                        .map(a -> new Declaration.Argument(ident(a.name), expr(a.value), Spans.of(a)))
                        .toList();
                calls.add(new Declaration.Call(
                        ident(call.procedure), arguments, identOrNull(call.prefix), steps.size(), Spans.of(call)));
            }
        }
    }

    @Override
    public Declaration visitInvariantDecl(MmSpecParser.InvariantDeclContext ctx) {
        String description = ctx.description == null ? "" : unquote(ctx.description);
        ExpressionSyntax when = ctx.when == null ? null : expr(ctx.when);
        return new Declaration.Invariant(
                ident(ctx.name),
                description,
                when,
                expr(ctx.body),
                sourceText.of(ctx.body),
                sourceText.of(ctx.when),
                Spans.of(ctx));
    }

    @Override
    public Declaration visitScenarioDecl(MmSpecParser.ScenarioDeclContext ctx) {
        List<Ident> fixesOff =
                ctx.fixes instanceof MmSpecParser.WithoutFixesContext without ? idents(without.fixes) : List.of();
        List<Declaration.ScenarioEntry> entries = ctx.entries.stream()
                .map(e -> new Declaration.ScenarioEntry(
                        ident(e.task), ident(e.operation), exprs(e.arguments), identOrNull(e.step), Spans.of(e)))
                .toList();
        return new Declaration.Scenario(ident(ctx.name), fixesOff, entries, expected(ctx.expected), Spans.of(ctx));
    }

    private Declaration.Expected expected(MmSpecParser.ScenarioExpectationContext ctx) {
        if (ctx instanceof MmSpecParser.ExpectViolatesContext violates) {
            return new Declaration.Expected(ExpectedResult.VIOLATES, ident(violates.invariant), Spans.of(ctx));
        }
        if (ctx instanceof MmSpecParser.ExpectOutcomeContext outcome) {
            return new Declaration.Expected(ExpectedResult.OUTCOME, ident(outcome.outcome), Spans.of(ctx));
        }
        return new Declaration.Expected(ExpectedResult.HOLDS, null, Spans.of(ctx));
    }

    @Override
    public Declaration visitExpectDecl(MmSpecParser.ExpectDeclContext ctx) {
        return new Declaration.Expect(ident(ctx.fix), ident(ctx.invariant), Spans.of(ctx));
    }

    @Override
    public Declaration visitSymmetryDecl(MmSpecParser.SymmetryDeclContext ctx) {
        return new Declaration.Symmetry(ident(ctx.group), Spans.of(ctx));
    }

    @Override
    public Declaration visitBindingDecl(MmSpecParser.BindingDeclContext ctx) {
        return new Declaration.Binding(ident(ctx.value), Spans.of(ctx));
    }

    // --------------------------------------------------------------------------- parts and types

    private List<FieldDecl> fields(List<MmSpecParser.FieldDeclContext> fields) {
        return fields.stream()
                .map(f -> new FieldDecl(
                        ident(f.name), type(f.type), f.initial == null ? null : expr(f.initial), Spans.of(f)))
                .toList();
    }

    private List<Ident> dimensions(MmSpecParser.DimensionsContext ctx) {
        return ctx == null ? List.of() : idents(ctx.domains);
    }

    private TypeRef type(MmSpecParser.TypeRefContext ctx) {
        return (TypeRef) visit(ctx);
    }

    @Override
    public TypeRef visitBoolType(MmSpecParser.BoolTypeContext ctx) {
        return new TypeRef.Bool(Spans.of(ctx));
    }

    @Override
    public TypeRef visitIntType(MmSpecParser.IntTypeContext ctx) {
        return new TypeRef.Int(Spans.of(ctx));
    }

    @Override
    public TypeRef visitOptionalType(MmSpecParser.OptionalTypeContext ctx) {
        return new TypeRef.Optional(ident(ctx.domain), Spans.of(ctx));
    }

    @Override
    public TypeRef visitRangeType(MmSpecParser.RangeTypeContext ctx) {
        return new TypeRef.Range(constExpr(ctx.low), constExpr(ctx.high), Spans.of(ctx));
    }

    @Override
    public TypeRef visitNamedType(MmSpecParser.NamedTypeContext ctx) {
        return new TypeRef.Named(ident(ctx.name), Spans.of(ctx));
    }

    // Range bounds build ordinary expressions: the checker folds them like any other constant.
    private ExpressionSyntax constExpr(MmSpecParser.ConstExprContext ctx) {
        return (ExpressionSyntax) visit(ctx);
    }

    @Override
    public ExpressionSyntax visitParenConst(MmSpecParser.ParenConstContext ctx) {
        return expr(ctx.inner);
    }

    @Override
    public ExpressionSyntax visitNegConst(MmSpecParser.NegConstContext ctx) {
        return new ExpressionSyntax.Unary(UnaryOp.NEG, constExpr(ctx.operand), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitMulConst(MmSpecParser.MulConstContext ctx) {
        return new ExpressionSyntax.Binary(binaryOp(ctx.op), constExpr(ctx.left), constExpr(ctx.right), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitAddConst(MmSpecParser.AddConstContext ctx) {
        return new ExpressionSyntax.Binary(binaryOp(ctx.op), constExpr(ctx.left), constExpr(ctx.right), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitIntConst(MmSpecParser.IntConstContext ctx) {
        return new ExpressionSyntax.IntLiteral(intValue(ctx.value), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitNameConst(MmSpecParser.NameConstContext ctx) {
        return new ExpressionSyntax.Name(ident(ctx.name), Spans.of(ctx));
    }

    // ---------------------------------------------------------------------------------- statements

    private List<StatementSyntax> block(MmSpecParser.BlockContext ctx) {
        return ctx.statements.stream().map(s -> (StatementSyntax) visit(s)).toList();
    }

    @Override
    public StatementSyntax visitLockStmt(MmSpecParser.LockStmtContext ctx) {
        return new StatementSyntax.Lock(lockUse(ctx.target, ctx.access), Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitUnlockStmt(MmSpecParser.UnlockStmtContext ctx) {
        return new StatementSyntax.Unlock(lockUse(ctx.target, ctx.access), Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitRequireStmt(MmSpecParser.RequireStmtContext ctx) {
        return new StatementSyntax.Require(expr(ctx.condition), Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitAssertStmt(MmSpecParser.AssertStmtContext ctx) {
        return new StatementSyntax.Assert(expr(ctx.condition), unquote(ctx.message), Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitIfStmt(MmSpecParser.IfStmtContext ctx) {
        return visitIfStatement(ctx.ifStatement());
    }

    @Override
    public StatementSyntax visitIfStatement(MmSpecParser.IfStatementContext ctx) {
        List<StatementSyntax> otherwise;
        if (ctx.elseIf != null) {
            otherwise = List.of(visitIfStatement(ctx.elseIf));
        } else if (ctx.otherwise != null) {
            otherwise = block(ctx.otherwise);
        } else {
            otherwise = List.of();
        }
        return new StatementSyntax.If(expr(ctx.condition), block(ctx.then), otherwise, Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitAssignStmt(MmSpecParser.AssignStmtContext ctx) {
        return new StatementSyntax.Assign(target(ctx.target), expr(ctx.value), Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitAssignRecordStmt(MmSpecParser.AssignRecordStmtContext ctx) {
        List<StatementSyntax.FieldInit> fields = ctx.fields.stream()
                .map(f -> new StatementSyntax.FieldInit(ident(f.name), expr(f.value), Spans.of(f)))
                .toList();
        return new StatementSyntax.AssignRecord(target(ctx.target), fields, Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitLetStmt(MmSpecParser.LetStmtContext ctx) {
        return new StatementSyntax.Let(ident(ctx.name), type(ctx.type), expr(ctx.value), Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitReturnStmt(MmSpecParser.ReturnStmtContext ctx) {
        return new StatementSyntax.Return(Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitOutcomeStmt(MmSpecParser.OutcomeStmtContext ctx) {
        return new StatementSyntax.Outcome(ident(ctx.name), Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitGotoStmt(MmSpecParser.GotoStmtContext ctx) {
        return new StatementSyntax.Goto(ident(ctx.target), Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitForStmt(MmSpecParser.ForStmtContext ctx) {
        ExpressionSyntax where = ctx.condition == null ? null : expr(ctx.condition);
        return new StatementSyntax.For(ident(ctx.binder), ident(ctx.domain), where, block(ctx.body), Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitChooseStmt(MmSpecParser.ChooseStmtContext ctx) {
        ExpressionSyntax where = ctx.condition == null ? null : expr(ctx.condition);
        List<StatementSyntax> otherwise = ctx.otherwise == null ? List.of() : block(ctx.otherwise);
        return new StatementSyntax.Choose(
                ident(ctx.binder), ident(ctx.domain), where, block(ctx.then), otherwise, false, Spans.of(ctx));
    }

    @Override
    public StatementSyntax visitAllocStmt(MmSpecParser.AllocStmtContext ctx) {
        List<StatementSyntax> otherwise = ctx.otherwise == null ? List.of() : block(ctx.otherwise);
        return new StatementSyntax.Choose(
                ident(ctx.binder),
                ident(ctx.domain),
                expr(ctx.condition),
                block(ctx.then),
                otherwise,
                true,
                Spans.of(ctx));
    }

    private Target target(MmSpecParser.LvalueContext ctx) {
        return new Target(ident(ctx.name), exprs(ctx.indices), identOrNull(ctx.field), Spans.of(ctx));
    }

    private LockUse lockUse(MmSpecParser.LockRefContext ref, MmSpecParser.LockModeContext access) {
        ExpressionSyntax index = ref.index == null ? null : expr(ref.index);
        var span = access == null ? Spans.of(ref) : Spans.between(Spans.of(ref), Spans.of(access));
        return new LockUse(ident(ref.name), index, access(access), span);
    }

    private static LockMode access(MmSpecParser.LockModeContext ctx) {
        if (ctx == null) {
            return null;
        }
        return ctx.getStart().getType() == MmSpecParser.READ ? LockMode.READ : LockMode.WRITE;
    }

    // --------------------------------------------------------------------------------- expressions

    private ExpressionSyntax expr(MmSpecParser.ExprContext ctx) {
        return (ExpressionSyntax) visit(ctx);
    }

    private List<ExpressionSyntax> exprs(List<MmSpecParser.ExprContext> ctxs) {
        return ctxs.stream().map(this::expr).toList();
    }

    @Override
    public ExpressionSyntax visitIndexExpr(MmSpecParser.IndexExprContext ctx) {
        return new ExpressionSyntax.Index(expr(ctx.base), exprs(ctx.indices), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitFieldExpr(MmSpecParser.FieldExprContext ctx) {
        return new ExpressionSyntax.Field(expr(ctx.base), ident(ctx.field), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitIntLiteral(MmSpecParser.IntLiteralContext ctx) {
        return new ExpressionSyntax.IntLiteral(intValue(ctx.value), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitBoolLiteral(MmSpecParser.BoolLiteralContext ctx) {
        return new ExpressionSyntax.BoolLiteral(ctx.value.getType() == MmSpecParser.TRUE, Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitNoneLiteral(MmSpecParser.NoneLiteralContext ctx) {
        return new ExpressionSyntax.NoneLiteral(Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitParenExpr(MmSpecParser.ParenExprContext ctx) {
        return expr(ctx.inner);
    }

    @Override
    public ExpressionSyntax visitCountExpr(MmSpecParser.CountExprContext ctx) {
        return new ExpressionSyntax.Quantified(
                Quantifier.COUNT, ident(ctx.binder), ident(ctx.domain), expr(ctx.body), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitFixedExpr(MmSpecParser.FixedExprContext ctx) {
        return new ExpressionSyntax.Fixed(ident(ctx.fix), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitHeldExpr(MmSpecParser.HeldExprContext ctx) {
        return new ExpressionSyntax.Held(lockUse(ctx.lock, null), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitTrylockExpr(MmSpecParser.TrylockExprContext ctx) {
        return new ExpressionSyntax.TryLock(lockUse(ctx.lock, ctx.access), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitTaskInExpr(MmSpecParser.TaskInExprContext ctx) {
        return new ExpressionSyntax.TaskIn(
                expr(ctx.task), ident(ctx.operation), ctx.step == null ? null : ident(ctx.step), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitQuiescentExpr(MmSpecParser.QuiescentExprContext ctx) {
        return new ExpressionSyntax.Quiescent(Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitNameExpr(MmSpecParser.NameExprContext ctx) {
        return new ExpressionSyntax.Name(ident(ctx.name), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitUnaryExpr(MmSpecParser.UnaryExprContext ctx) {
        UnaryOp op = ctx.op.getType() == MmSpecParser.NOT ? UnaryOp.NOT : UnaryOp.NEG;
        return new ExpressionSyntax.Unary(op, expr(ctx.operand), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitMultiplicativeExpr(MmSpecParser.MultiplicativeExprContext ctx) {
        return binary(ctx, ctx.op, ctx.left, ctx.right);
    }

    @Override
    public ExpressionSyntax visitAdditiveExpr(MmSpecParser.AdditiveExprContext ctx) {
        return binary(ctx, ctx.op, ctx.left, ctx.right);
    }

    @Override
    public ExpressionSyntax visitRelationalExpr(MmSpecParser.RelationalExprContext ctx) {
        return binary(ctx, ctx.op, ctx.left, ctx.right);
    }

    @Override
    public ExpressionSyntax visitEqualityExpr(MmSpecParser.EqualityExprContext ctx) {
        return binary(ctx, ctx.op, ctx.left, ctx.right);
    }

    @Override
    public ExpressionSyntax visitAndExpr(MmSpecParser.AndExprContext ctx) {
        return binary(ctx, ctx.op, ctx.left, ctx.right);
    }

    @Override
    public ExpressionSyntax visitOrExpr(MmSpecParser.OrExprContext ctx) {
        return binary(ctx, ctx.op, ctx.left, ctx.right);
    }

    @Override
    public ExpressionSyntax visitImpliesExpr(MmSpecParser.ImpliesExprContext ctx) {
        return binary(ctx, ctx.op, ctx.left, ctx.right);
    }

    @Override
    public ExpressionSyntax visitConditionalExpr(MmSpecParser.ConditionalExprContext ctx) {
        return new ExpressionSyntax.Conditional(
                expr(ctx.condition), expr(ctx.then), expr(ctx.otherwise), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitChooseExpr(MmSpecParser.ChooseExprContext ctx) {
        return new ExpressionSyntax.Quantified(
                Quantifier.CHOOSE, ident(ctx.binder), ident(ctx.domain), expr(ctx.body), Spans.of(ctx));
    }

    @Override
    public ExpressionSyntax visitQuantifiedExpr(MmSpecParser.QuantifiedExprContext ctx) {
        Quantifier quantifier = ctx.quantifier.getType() == MmSpecParser.FORALL ? Quantifier.FORALL : Quantifier.EXISTS;
        return new ExpressionSyntax.Quantified(
                quantifier, ident(ctx.binder), ident(ctx.domain), expr(ctx.body), Spans.of(ctx));
    }

    private ExpressionSyntax binary(
            ParserRuleContext ctx, Token op, MmSpecParser.ExprContext left, MmSpecParser.ExprContext right) {
        return new ExpressionSyntax.Binary(binaryOp(op), expr(left), expr(right), Spans.of(ctx));
    }

    private static BinaryOp binaryOp(Token op) {
        for (BinaryOp candidate : BinaryOp.values()) {
            if (candidate.spelling().equals(op.getText())) {
                return candidate;
            }
        }
        throw new IllegalStateException("the grammar produced an unknown operator: '" + op.getText() + "'");
    }

    // ------------------------------------------------------------------------------------- tokens

    /** A name: an identifier, or a step name (which may also be {@code lock} or {@code unlock}). */
    private static Ident ident(ParserRuleContext ctx) {
        return new Ident(ctx.getText(), Spans.of(ctx));
    }

    private static Ident identOrNull(ParserRuleContext ctx) {
        return ctx == null ? null : ident(ctx);
    }

    private static List<Ident> idents(List<MmSpecParser.IdentifierContext> ctxs) {
        return ctxs.stream().map(AstBuilder::ident).toList();
    }

    /** Literals too large for a long saturate; the bounds check reports anything past an int. */
    private static long intValue(Token token) {
        BigInteger value = new BigInteger(token.getText());
        return value.bitLength() < 64 ? value.longValue() : Long.MAX_VALUE;
    }

    /** The text of a string token without its quotes, with {@code \"}, {@code \\}, {@code \n}, {@code \t} unescaped. */
    static String unquote(Token token) {
        String text = token.getText();
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() - 1) {
                char next = text.charAt(++i);
                out.append(
                        switch (next) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> next;
                        });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
