package dev.mmspec.generator.build.output;

/**
 * The moments of an output swap at which the process may die; a test stops it at each one (see {@link SwapHook}) and
 * checks that the next run neither calls the output up to date nor loses a file it did not write.
 */
public enum SwapPoint {
    /** The staging directory holds its manifest and some, not all, of the new files. */
    STAGING_PARTLY_WRITTEN,
    /** Every new file is staged; the old output is untouched. */
    STAGED,
    /** The old output has been renamed aside; there is no output directory at all. */
    OLD_OUTPUT_RETIRED,
    /** The new output is in place, without its stamp; the old one is still aside. */
    NEW_OUTPUT_IN_PLACE,
    /** The user's own files are back in the output and part of the old generated files are deleted. */
    OLD_OUTPUT_PARTLY_CLEARED
}
