package dev.mmspec.engine.sut;

import java.util.List;

/**
 * What the implementation under test did when one task was allowed to run one step.
 *
 * @param nextLabel the step label the task stopped at (it will run that step next), or "" if its operation finished
 * @param outcome the observable outcome the operation returned when it finished ("" for none)
 * @param lockEvents the lock events of the step, in order
 * @param failure "" if the step ran; else why the implementation could not run it (it blocked on a lock the model said
 *     was free, it threw, it timed out), for a conformance report
 */
public record StepReport(String nextLabel, String outcome, List<SpecLockEvent> lockEvents, String failure) {
    public StepReport {
        lockEvents = List.copyOf(lockEvents);
    }

    public boolean finished() {
        return nextLabel.isEmpty();
    }

    /**
     * @return whether the task stopped inside a step, at a watched primitive's point
     *     ({@link ScheduledSystemUnderTest#stepInterrupted}).
     */
    public boolean interrupted() {
        return Watch.isWatchPoint(nextLabel);
    }

    public boolean failed() {
        return !failure.isEmpty();
    }
}
