package dev.mmspec.engine.property;

import java.util.Optional;

/**
 * The verdict of a campaign.
 *
 * @param tries tries run (up to and including the failing one)
 * @param steps steps run over all tries
 * @param coverage how often each spec step ran
 * @param failure the first failure, shrunk, if any
 */
public record PropertyResult(int tries, long steps, StepCoverage coverage, Optional<PropertyFailure> failure) {

    public boolean passed() {
        return failure.isEmpty();
    }
}
