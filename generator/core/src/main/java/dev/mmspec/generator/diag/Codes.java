package dev.mmspec.generator.diag;

import dev.mmspec.generator.diag.Diagnostic.Severity;

/**
 * Every diagnostic the front end can report, with a stable code, a short name and a one-line summary, in the manner of
 * Error Prone's checks. Codes never change meaning; retired codes are not reused. The hundreds say the concern: 01
 * syntax, 02 names and declarations, 03 locks, 04 guards, 05 types, 06 bounds, 07 scenarios and expectations; 0000 is a
 * front-end bug and 0001 an unreadable file.
 */
public enum Codes {
    INTERNAL_ERROR(
            "MM0000",
            "InternalError",
            "the front end failed on this input; please report it with the spec",
            Severity.ERROR),
    IO_ERROR("MM0001", "IoError", "the spec file cannot be read", Severity.ERROR),

    SYNTAX_ERROR("MM0101", "SyntaxError", "the text does not follow the grammar of the language", Severity.ERROR),
    UNEXPECTED_CHARACTER(
            "MM0102", "UnexpectedCharacter", "a character that no token of the language starts with", Severity.ERROR),
    UNTERMINATED("MM0103", "Unterminated", "a string or comment that never ends", Severity.ERROR),
    TOO_DEEP("MM0104", "TooDeep", "expressions or blocks nested deeper than the parser can follow", Severity.ERROR),

    DUPLICATE_NAME("MM0201", "DuplicateName", "a name declared twice in the same namespace or scope", Severity.ERROR),
    UNKNOWN_NAME("MM0202", "UnknownName", "a name that is not declared", Severity.ERROR),
    UNKNOWN_FIELD("MM0203", "UnknownField", "a record field that the record does not declare", Severity.ERROR),
    UNKNOWN_STEP("MM0204", "UnknownStep", "goto names a step that the operation does not have", Severity.ERROR),
    WRONG_KIND_OF_NAME(
            "MM0205",
            "WrongKindOfName",
            "a name used as something it is not (a domain as a value, a state as a lock)",
            Severity.ERROR),
    NOT_CONSTANT(
            "MM0206", "NotConstant", "a constant, bound or count that is not a constant expression", Severity.ERROR),
    EMPTY_OPERATION(
            "MM0207", "EmptyOperation", "an operation without steps, or a task without operations", Severity.ERROR),
    RECURSIVE_PROCEDURE(
            "MM0208",
            "RecursiveProcedure",
            "a procedure that calls itself, directly or through others",
            Severity.ERROR),
    BAD_CALL(
            "MM0209",
            "BadCall",
            "a call that passes an unknown, missing or repeated parameter, or an expression where the procedure "
                    + "assigns",
            Severity.ERROR),

    LOCK_ORDER_VIOLATION(
            "MM0301",
            "LockOrderViolation",
            "a lock taken while holding a lock that the order puts after it",
            Severity.ERROR),
    LOCK_ORDER_CYCLE("MM0302", "LockOrderCycle", "the order declarations contradict each other", Severity.ERROR),
    UNORDERED_NESTING(
            "MM0303",
            "UnorderedNesting",
            "a lock taken while holding one the order does not relate it to",
            Severity.WARNING),
    LOCK_ALREADY_HELD(
            "MM0304",
            "LockAlreadyHeld",
            "a lock taken again by the task that holds it (self-deadlock)",
            Severity.ERROR),
    UNLOCK_NOT_HELD(
            "MM0305", "UnlockNotHeld", "an unlock of a lock instance that is not held on this path", Severity.ERROR),
    LOCK_HELD_AT_END("MM0306", "LockHeldAtEnd", "an operation can end while still holding a lock", Severity.ERROR),
    LOCK_HELD_AT_EXIT(
            "MM0307",
            "LockHeldAtExit",
            "an outcome or return leaves the operation while holding a lock",
            Severity.ERROR),
    INCONSISTENT_LOCKS(
            "MM0308",
            "InconsistentLocks",
            "paths that meet hold a lock in different modes, or a loop keeps what it takes",
            Severity.ERROR),
    MISPLACED_TRYLOCK(
            "MM0309", "MisplacedTrylock", "trylock outside the last conjunct of an if condition", Severity.ERROR),
    LOCK_MODE(
            "MM0310",
            "LockMode",
            "an rwsem without read/write, or read/write on a lock that is not an rwsem",
            Severity.ERROR),
    LOCK_IN_INIT("MM0311", "LockInInit", "init runs before any task and cannot take locks", Severity.ERROR),
    BAD_INDEX_ORDER(
            "MM0312",
            "BadIndexOrder",
            "'order L by index' on a lock without a domain, an unknown lock, or by anything but index",
            Severity.ERROR),

    GUARD_NOT_HELD("MM0401", "GuardNotHeld", "a guarded field written without its lock held", Severity.ERROR),
    GUARD_WRONG_MODE(
            "MM0402", "GuardWrongMode", "a guarded field written with its rwsem held for read only", Severity.ERROR),
    BAD_GUARD(
            "MM0403", "BadGuard", "a guard whose lock index is not one of the state's index variables", Severity.ERROR),

    TYPE_MISMATCH("MM0501", "TypeMismatch", "a value of one type used where another is needed", Severity.ERROR),
    NOT_BOOLEAN("MM0502", "NotBoolean", "a condition, invariant or logical operand that is not a bool", Severity.ERROR),
    INDEX_COUNT("MM0503", "IndexCount", "a state or lock indexed with the wrong number of indices", Severity.ERROR),
    RECORD_MISUSE(
            "MM0504",
            "RecordMisuse",
            "a whole record read as a value, or a record literal for a scalar",
            Severity.ERROR),
    NOT_ASSIGNABLE(
            "MM0505", "NotAssignable", "an assignment to a parameter, let, bound variable or constant", Severity.ERROR),
    AMBIGUOUS_LITERAL(
            "MM0506",
            "AmbiguousLiteral",
            "an enum literal that several enums declare, with nothing to tell which",
            Severity.ERROR),
    NOT_SCALAR("MM0507", "NotScalar", "a record type where only a scalar type can be", Severity.ERROR),
    MISPLACED_EXPRESSION(
            "MM0508",
            "MisplacedExpression",
            "quiescent outside invariants, or outcome/return/goto in init",
            Severity.ERROR),

    UNBOUNDED(
            "MM0601",
            "Unbounded",
            "an unbounded domain or integer; every value in the model must be finite",
            Severity.ERROR),
    EMPTY_RANGE(
            "MM0602", "EmptyRange", "a domain or range with no values, or a task group of no tasks", Severity.ERROR),
    OUT_OF_RANGE(
            "MM0603",
            "OutOfRange",
            "a constant that does not fit the type it is given to, or an int overflow",
            Severity.ERROR),
    DIVISION_BY_ZERO("MM0604", "DivisionByZero", "a constant expression divides by zero", Severity.ERROR),
    TOO_LARGE(
            "MM0605",
            "TooLarge",
            "a domain, range, state array or task count past what the model can represent",
            Severity.ERROR),

    SCENARIO_UNKNOWN_TASK(
            "MM0701", "ScenarioUnknownTask", "a scenario entry names a task that is not declared", Severity.ERROR),
    SCENARIO_UNKNOWN_OPERATION(
            "MM0702",
            "ScenarioUnknownOperation",
            "a scenario entry names an operation that is not declared",
            Severity.ERROR),
    SCENARIO_UNKNOWN_STEP(
            "MM0703",
            "ScenarioUnknownStep",
            "a scenario entry names a step its operation does not have",
            Severity.ERROR),
    UNKNOWN_FIX("MM0704", "UnknownFix", "a scenario or expectation names a fix that is not declared", Severity.ERROR),
    UNKNOWN_INVARIANT(
            "MM0705",
            "UnknownInvariant",
            "a scenario or expectation names an invariant that is not declared",
            Severity.ERROR),
    ARGUMENT_COUNT("MM0706", "ArgumentCount", "a scenario entry passes the wrong number of arguments", Severity.ERROR),
    ARGUMENT_TYPE(
            "MM0707",
            "ArgumentType",
            "a scenario argument that is not a constant of the parameter's type",
            Severity.ERROR),
    OPERATION_NOT_ALLOWED(
            "MM0708", "OperationNotAllowed", "a scenario runs an operation its task may not start", Severity.ERROR),
    BAD_SYMMETRY(
            "MM0709",
            "BadSymmetry",
            "symmetry names something that is neither a task group nor a domain",
            Severity.ERROR),
    UNKNOWN_OUTCOME(
            "MM0710", "UnknownOutcome", "a scenario expects an outcome that no operation produces", Severity.ERROR),
    ASYMMETRIC_USE(
            "MM0711",
            "AsymmetricUse",
            "a step or invariant tells apart the elements of a domain declared symmetric",
            Severity.ERROR);

    private final String code;
    private final String checkName;
    private final String summary;
    private final Severity severity;

    Codes(String code, String checkName, String summary, Severity severity) {
        this.code = code;
        this.checkName = checkName;
        this.summary = summary;
        this.severity = severity;
    }

    /** @return the stable code, {@code MM0301}. */
    public String code() {
        return code;
    }

    /** @return the check's name, {@code LockOrderViolation}. */
    public String checkName() {
        return checkName;
    }

    public String summary() {
        return summary;
    }

    public Severity severity() {
        return severity;
    }

    /** @return the entry for {@code code}, or null. */
    public static Codes byCode(String code) {
        for (Codes c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        return null;
    }
}
