/**
 * Translates the IR to TLA+ and Promela, so that TLC and SPIN can check a spec too. May depend on diag, ir and lang;
 * never on the front end or the Java back end.
 */
package dev.mmspec.generator.export;
