/**
 * The code generator: the packed long[] state layout, every name the generated Java uses, and the steps lowered to Java
 * statements. May depend on diag, ir and lang; never on the front end.
 */
package dev.mmspec.generator.lower;
