/**
 * The closed vocabularies of the language that the AST and the IR share: operators, quantifiers, lock kinds and modes,
 * a scenario's expected result. Depends on nothing: parse, ast, check, ir and the back end all may use it.
 */
package dev.mmspec.generator.lang;
