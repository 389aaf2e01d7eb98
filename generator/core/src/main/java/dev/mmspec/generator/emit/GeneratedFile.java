package dev.mmspec.generator.emit;

/**
 * One generated source file.
 *
 * @param relativePath where it goes under the output root ({@code dev/mmspec/generated/x/XModel.java})
 * @param content its text
 * @param test whether it is a test class (tests go to the test source root; the others may too)
 */
public record GeneratedFile(String relativePath, String content, boolean test) {}
