/**
 * Renders what lower made into Java source files through Velocity templates in strict mode (skeletons only). May depend
 * on ir and lower.
 */
package dev.mmspec.generator.emit;
