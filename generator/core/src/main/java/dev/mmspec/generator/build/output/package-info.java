/**
 * The directories mmspec generates into and owns: claiming, the manifest of what it wrote, and the swap that replaces
 * an output whole. Depends on nothing of mmspec.
 */
package dev.mmspec.generator.build.output;
