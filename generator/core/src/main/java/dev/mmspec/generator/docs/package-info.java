/**
 * The language reference behind {@code mmspec explain}: explanations of diagnostic codes and keywords. Depends on
 * nothing of mmspec.
 */
package dev.mmspec.generator.docs;
