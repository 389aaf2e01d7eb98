package dev.mmspec.generator.build.output;

/**
 * The output directory is not one mmspec may write into: a usage error (exit 2 from the CLI, a
 * {@code MojoFailureException} from the plugin), raised before anything on disk is touched.
 */
public final class OutputRefused extends Exception {
    private static final long serialVersionUID = 1L;

    OutputRefused(String message) {
        super(message);
    }
}
