/*
 * The mmspec language: small specs of Linux MM lock rules and invariants.
 *
 * The grammar only describes shape. Names, types, lock order, guards and bounds are checked by the
 * front end in generator/core (dev.mmspec.generator.check), which reports them with stable codes.
 * Some constructs parse although they are never valid (an unbounded "domain X = 0.." or "int") so
 * that the checker can explain the problem instead of a bare syntax error.
 */
grammar MmSpec;

// ---------------------------------------------------------------------------------------------
// Top level

spec
    : header = specHeader (SOURCE source = STRING)? declarations += declaration* EOF
    ;

specHeader
    : SPEC name = identifier title = STRING
    ;

declaration
    : CONST name = identifier ASSIGN value = expr                                                # constDecl
    | DOMAIN name = identifier ASSIGN range = domainRange                                        # domainDecl
    | ENUM name = identifier LBRACE literals += enumLiteral (COMMA literals += enumLiteral)* COMMA? RBRACE # enumDecl
    | RECORD name = identifier LBRACE fields += fieldDecl* RBRACE                                # recordDecl
    | ghost = GHOST? STATE name = identifier dimensions? COLON type = typeRef (ASSIGN initial = expr)? # stateDecl
    | ghost = GHOST? STATE name = identifier dimensions? LBRACE fields += fieldDecl* RBRACE      # inlineStateDecl
    | TASK name = identifier (LBRACK count = expr RBRACK)? COLON operations += identifier (COMMA operations += identifier)* # taskDecl
    | LOCK name = identifier (LBRACK domain = identifier RBRACK)? COLON kind = lockKind (PER granularity = identifier)? # lockDecl
    | ORDER locks += identifier (LT locks += identifier)+                                        # orderDecl
    | ORDER lock = identifier BY by = identifier                                                 # indexOrderDecl
    | GUARD target = guardTarget BY lock = identifier (LBRACK lockIndex = identifier RBRACK)? access = lockMode? # guardDecl
    | FIX name = identifier source = STRING                                                      # fixDecl
    | INIT body = block                                                                          # initDecl
    | OP name = identifier LPAREN (parameters += parameter (COMMA parameters += parameter)*)? RPAREN LBRACE variables += localVar* steps += stepDecl* RBRACE # opDecl
    | INVARIANT name = identifier description = STRING? (WHEN when = expr)? COLON body = expr    # invariantDecl
    | SCENARIO name = identifier fixes = scenarioFixes? LBRACE entries += scenarioEntry* RBRACE EXPECT expected = scenarioExpectation # scenarioDecl
    | EXPECT WITHOUT fix = identifier VIOLATES invariant = identifier                            # expectDecl
    | SYMMETRY group = identifier                                                                # symmetryDecl
    | BINDING COLON value = enumLiteral                                                          # bindingDecl
    ;

// ---------------------------------------------------------------------------------------------
// Declarations' parts

// "domain X = 0.." and "domain X = int" parse so that the checker can report an unbounded domain.
domainRange
    : low = constExpr DOTDOT high = constExpr? # boundedRange
    | INT_TYPE                                 # intRange
    ;

enumLiteral
    : identifier
    | NONE
    ;

// Fields are separated by newlines or whitespace; a comma is allowed too.
fieldDecl
    : name = identifier COLON type = typeRef (ASSIGN initial = expr)? COMMA?
    ;

dimensions
    : LBRACK domains += identifier (COMMA domains += identifier)* RBRACK
    ;

typeRef
    : BOOL                                  # boolType
    | INT_TYPE                              # intType
    | domain = identifier QUESTION          # optionalType
    | low = constExpr DOTDOT high = constExpr # rangeType
    | name = identifier                     # namedType
    ;

// Bounds of ranges: no conditional, so "x: Folio? y: A" can never read as "Folio ? y : A".
constExpr
    : LPAREN inner = expr RPAREN                                   # parenConst
    | op = MINUS operand = constExpr                               # negConst
    | left = constExpr op = (STAR | SLASH | PERCENT) right = constExpr # mulConst
    | left = constExpr op = (PLUS | MINUS) right = constExpr       # addConst
    | value = INT                                                  # intConst
    | name = identifier                                            # nameConst
    ;

lockKind
    : SPINLOCK
    | SLEEPING
    | RWSEM
    ;

lockMode
    : READ
    | WRITE
    ;

guardTarget
    : state = identifier (LBRACK indices += identifier (COMMA indices += identifier)* RBRACK)? (DOT field = identifier)?
    ;

parameter
    : name = identifier COLON type = typeRef
    ;

localVar
    : VAR name = identifier COLON type = typeRef
    ;

stepDecl
    : STEP name = stepName body = block
    ;

/* A step is named after the runtime's scheduling point, and the kernel has steps called lock and unlock. */
stepName
    : identifier
    | LOCK
    | UNLOCK
    ;

scenarioFixes
    : WITH ALL FIXES                                    # withAllFixes
    | WITHOUT fixes += identifier (COMMA fixes += identifier)* # withoutFixes
    ;

scenarioEntry
    : task = identifier COLON operation = identifier LPAREN (arguments += expr (COMMA arguments += expr)*)? RPAREN (DOT step = stepName)? SEMI
    ;

scenarioExpectation
    : HOLDS                           # expectHolds
    | VIOLATES invariant = identifier # expectViolates
    | OUTCOME outcome = identifier    # expectOutcome
    ;

// ---------------------------------------------------------------------------------------------
// Statements

block
    : LBRACE statements += statement* RBRACE
    ;

statement
    : LOCK target = lockRef access = lockMode? SEMI                                      # lockStmt
    | UNLOCK target = lockRef access = lockMode? SEMI                                    # unlockStmt
    | REQUIRE condition = expr SEMI                                                    # requireStmt
    | ASSERT condition = expr message = STRING SEMI                                    # assertStmt
    | ifStatement                                                                      # ifStmt
    | target = lvalue COLON_ASSIGN value = expr SEMI                                   # assignStmt
    | target = lvalue COLON_ASSIGN LBRACE (fields += fieldInit (COMMA fields += fieldInit)* COMMA?)? RBRACE SEMI # assignRecordStmt
    | LET name = identifier COLON type = typeRef ASSIGN value = expr SEMI              # letStmt
    | RETURN SEMI                                                                      # returnStmt
    | OUTCOME name = identifier SEMI                                                   # outcomeStmt
    | GOTO target = stepName SEMI                                                      # gotoStmt
    | FOR binder = identifier IN domain = identifier (WHERE condition = expr)? body = block # forStmt
    | CHOOSE binder = identifier IN domain = identifier (WHERE condition = expr)? then = block (ELSE otherwise = block)? # chooseStmt
    | ALLOC binder = identifier IN domain = identifier WHERE condition = expr then = block (ELSE otherwise = block)? # allocStmt
    ;

ifStatement
    : IF condition = expr then = block (ELSE (elseIf = ifStatement | otherwise = block))?
    ;

lvalue
    : name = identifier (LBRACK indices += expr (COMMA indices += expr)* RBRACK)? (DOT field = identifier)?
    ;

fieldInit
    : name = identifier COLON value = expr
    ;

lockRef
    : name = identifier (LBRACK index = expr RBRACK)?
    ;

// ---------------------------------------------------------------------------------------------
// Expressions, from the tightest binding to the loosest

expr
    : base = expr LBRACK indices += expr (COMMA indices += expr)* RBRACK                  # indexExpr
    | base = expr DOT field = identifier                                                  # fieldExpr
    | value = INT                                                                          # intLiteral
    | value = (TRUE | FALSE)                                                               # boolLiteral
    | NONE                                                                                 # noneLiteral
    | LPAREN inner = expr RPAREN                                                           # parenExpr
    | COUNT LPAREN binder = identifier IN domain = identifier COLON body = expr RPAREN      # countExpr
    | FIXED LPAREN fix = identifier RPAREN                                                 # fixedExpr
    | HELD LPAREN lock = lockRef RPAREN                                                    # heldExpr
    | TRYLOCK (LPAREN lock = lockRef access = lockMode? RPAREN | lock = lockRef access = lockMode?) # trylockExpr
    | QUIESCENT                                                                            # quiescentExpr
    | name = identifier                                                                    # nameExpr
    | op = (NOT | MINUS) operand = expr                                                    # unaryExpr
    | left = expr op = (STAR | SLASH | PERCENT) right = expr                               # multiplicativeExpr
    | left = expr op = (PLUS | MINUS) right = expr                                         # additiveExpr
    | left = expr op = (LT | LE | GT | GE) right = expr                                    # relationalExpr
    | task = expr IN operation = identifier (DOT step = stepName)?                         # taskInExpr
    | left = expr op = (EQ | NE) right = expr                                              # equalityExpr
    | left = expr op = AND right = expr                                                    # andExpr
    | left = expr op = OR right = expr                                                     # orExpr
    | <assoc = right> condition = expr QUESTION then = expr COLON otherwise = expr         # conditionalExpr
    | <assoc = right> left = expr op = IMPLIES right = expr                                # impliesExpr
    | quantifier = (FORALL | EXISTS) binder = identifier IN domain = identifier COLON body = expr # quantifiedExpr
    ;

// Words that are keywords only where they appear ("read" and "write" are also operation names).
identifier
    : ID
    | SOURCE
    | READ
    | WRITE
    | PER
    | BY
    | WITH
    | ALL
    | FIXES
    | WITHOUT
    | HOLDS
    | VIOLATES
    | SPINLOCK
    | SLEEPING
    | RWSEM
    | BINDING
    ;

// ---------------------------------------------------------------------------------------------
// Lexer

SPEC      : 'spec';
SOURCE    : 'source';
CONST     : 'const';
DOMAIN    : 'domain';
ENUM      : 'enum';
RECORD    : 'record';
BOOL      : 'bool';
INT_TYPE  : 'int';
GHOST     : 'ghost';
STATE     : 'state';
TASK      : 'task';
LOCK      : 'lock';
UNLOCK    : 'unlock';
TRYLOCK   : 'trylock';
SPINLOCK  : 'spinlock';
SLEEPING  : 'sleeping';
RWSEM     : 'rwsem';
PER       : 'per';
ORDER     : 'order';
GUARD     : 'guard';
BY        : 'by';
READ      : 'read';
WRITE     : 'write';
FIX       : 'fix';
FIXED     : 'fixed';
INIT      : 'init';
OP        : 'op';
VAR       : 'var';
STEP      : 'step';
REQUIRE   : 'require';
ASSERT    : 'assert';
IF        : 'if';
ELSE      : 'else';
LET       : 'let';
RETURN    : 'return';
OUTCOME   : 'outcome';
GOTO      : 'goto';
FOR       : 'for';
IN        : 'in';
WHERE     : 'where';
CHOOSE    : 'choose';
ALLOC     : 'alloc';
FORALL    : 'forall';
EXISTS    : 'exists';
IMPLIES   : 'implies';
COUNT     : 'count';
HELD      : 'held';
QUIESCENT : 'quiescent';
TRUE      : 'true';
FALSE     : 'false';
NONE      : 'none';
INVARIANT : 'invariant';
WHEN      : 'when';
SCENARIO  : 'scenario';
WITH      : 'with';
ALL       : 'all';
FIXES     : 'fixes';
WITHOUT   : 'without';
EXPECT    : 'expect';
HOLDS     : 'holds';
VIOLATES  : 'violates';
SYMMETRY  : 'symmetry';
BINDING   : 'binding';

COLON_ASSIGN : ':=';
DOTDOT       : '..';
EQ           : '==';
NE           : '!=';
LE           : '<=';
GE           : '>=';
AND          : '&&';
OR           : '||';
LT           : '<';
GT           : '>';
ASSIGN       : '=';
NOT          : '!';
PLUS         : '+';
MINUS        : '-';
STAR         : '*';
SLASH        : '/';
PERCENT      : '%';
QUESTION     : '?';
COLON        : ':';
SEMI         : ';';
COMMA        : ',';
DOT          : '.';
LPAREN       : '(';
RPAREN       : ')';
LBRACE       : '{';
RBRACE       : '}';
LBRACK       : '[';
RBRACK       : ']';

ID     : [a-zA-Z_] [a-zA-Z_0-9]*;
INT    : [0-9]+;
STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"';

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN);
WS            : [ \t\r\n\f]+ -> channel(HIDDEN);

// Never valid: they reach the parser so that its error listener can say what is wrong, instead of
// the lexer splitting the rest of the file into noise. A terminated string or comment is always
// the longer match, so these only win when the closing quote or "*/" is missing.
UNTERMINATED_STRING  : '"' (~["\\\r\n] | '\\' ~[\r\n])*;
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF;
ERROR_CHAR           : .;
