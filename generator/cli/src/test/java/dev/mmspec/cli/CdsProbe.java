package dev.mmspec.cli;

/**
 * The main class of the jar {@link BinMmspecClassSharingTest} runs through {@code bin/mmspec}: a program small enough
 * that the test is about the launcher's archive, not about mmspec.
 */
final class CdsProbe {
    private CdsProbe() {}

    /** Prints a line and exits with the status given as its argument, so that the test sees it passed through. */
    public static void main(String[] args) {
        System.out.println("probe ran");
        System.exit(Integer.parseInt(args[0]));
    }
}
