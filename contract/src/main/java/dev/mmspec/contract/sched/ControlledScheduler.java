package dev.mmspec.contract.sched;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Runs simulated tasks one at a time on their own threads, handing control back and forth at scheduling points, so that
 * any interleaving of instrumented code can be forced and replayed.
 *
 * <p>Each simulated task has one worker thread for the life of the scheduler (so that locks a task holds across steps
 * belong to one Java thread). The controller ({@link #start}, {@link #resume}) passes a baton: exactly one of "the
 * controller" and "one task" runs at any time, so the same sequence of controller calls always gives the same run,
 * provided the code under test is itself deterministic.
 *
 * <p>A task stops when it reaches a {@link SchedulingHooks#point point} whose label {@code stopAt} accepts, when it
 * must wait for a resource another task holds ({@link SchedulingHooks#waitFor}), when its body returns or throws, or
 * when it does not yield within the step timeout. Points whose label {@code stopAt} rejects are passed through without
 * a switch.
 */
public final class ControlledScheduler implements AutoCloseable {

    /** Where a task stopped and why. */
    public record Stop(Kind kind, String label, String outcome, Throwable failure) {
        public enum Kind {
            /** At a scheduling point accepted by the stop predicate; {@code label} names it. */
            POINT,
            /** Waiting for a resource another task holds; {@code label} names the resource. */
            BLOCKED,
            /** The body returned; {@code outcome} is what it returned ("" for none). */
            FINISHED,
            /** The body threw {@code failure}. */
            FAILED,
            /** The task did not yield within the step timeout; it is abandoned. */
            TIMEOUT
        }

        public Stop {
            Objects.requireNonNull(kind, "kind");
            label = label == null ? "" : label;
            outcome = outcome == null ? "" : outcome;
        }

        /** @return whether the task's current body is over (finished, failed or abandoned). */
        public boolean done() {
            return kind == Kind.FINISHED || kind == Kind.FAILED || kind == Kind.TIMEOUT;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case POINT -> "POINT " + label;
                case BLOCKED -> "BLOCKED on " + label;
                case FINISHED -> "FINISHED" + (outcome.isEmpty() ? "" : " " + outcome);
                case FAILED -> "FAILED " + failure;
                case TIMEOUT -> "TIMEOUT" + (label.isEmpty() ? "" : " after " + label);
            };
        }
    }

    /** Thrown inside a task thread when the scheduler closes; not meant to be caught. */
    static final class Cancelled extends Error {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("controlled scheduler closed", null, false, false);
        }
    }

    private static final int CONTROLLER = -1;

    private final Predicate<String> stopAt;
    private final Duration stepTimeout;
    private final ReentrantLock baton = new ReentrantLock();
    private final Condition changed = baton.newCondition();
    private final List<Task> tasks = new ArrayList<>();
    private final ThreadLocal<Task> current = new ThreadLocal<>();
    private final Hooks hooks = new Hooks();
    private int running = CONTROLLER;
    private boolean closed;

    /**
     * @param stopAt which point labels make a task stop (e.g. step labels only, or every label)
     * @param stepTimeout how long the controller waits for a task to reach its next stop
     */
    public ControlledScheduler(Predicate<String> stopAt, Duration stepTimeout) {
        this.stopAt = Objects.requireNonNull(stopAt, "stopAt");
        this.stepTimeout = Objects.requireNonNull(stepTimeout, "stepTimeout");
        if (stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("stepTimeout must be positive: " + stepTimeout);
        }
    }

    /** @return the hooks to give the code under test; calls from threads that are not tasks are no-ops. */
    public SchedulingHooks hooks() {
        return hooks;
    }

    /**
     * Runs {@code body} as simulated task {@code task} until its first stop.
     *
     * @throws IllegalStateException if the task is still inside an earlier body, or was abandoned
     */
    public Stop start(int task, Callable<String> body) {
        Objects.requireNonNull(body, "body");
        if (task < 0) {
            throw new IllegalArgumentException("task must be >= 0: " + task);
        }
        baton.lock();
        try {
            checkOpen();
            Task t = task(task);
            if (t.busy) {
                throw new IllegalStateException(
                        "task " + task + " is still running its previous body (last stop: " + t.lastStop + ")");
            }
            if (t.abandoned) {
                throw new IllegalStateException("task " + task + " was abandoned after a timeout");
            }
            t.pending = body;
            t.busy = true;
            t.blockedOn = null;
            if (t.thread == null) {
                t.thread = new Thread(t::loop, "mmspec-task-" + task);
                t.thread.setDaemon(true);
                t.thread.start();
            }
            return handTo(t);
        } finally {
            baton.unlock();
        }
    }

    /**
     * Lets {@code task} run until its next stop.
     *
     * @throws IllegalStateException if the task has no body in progress
     */
    public Stop resume(int task) {
        baton.lock();
        try {
            checkOpen();
            Task t = task < tasks.size() ? tasks.get(task) : null;
            if (t == null || !t.busy) {
                throw new IllegalStateException("task " + task + " has nothing to resume");
            }
            if (t.abandoned) {
                throw new IllegalStateException("task " + task + " was abandoned after a timeout");
            }
            return handTo(t);
        } finally {
            baton.unlock();
        }
    }

    /** @return the simulated task of the calling thread, or -1 if it is not a task thread. */
    public int currentTask() {
        Task t = current.get();
        return t == null ? -1 : t.id;
    }

    /** @return whether {@code task} has a body in progress (started, not yet finished or failed). */
    public boolean busy(int task) {
        baton.lock();
        try {
            return task < tasks.size() && tasks.get(task) != null && tasks.get(task).busy;
        } finally {
            baton.unlock();
        }
    }

    /**
     * @return the resource {@code task} last blocked on and that has not been released since, or null: a driver should
     *     not resume a task that is still blocked.
     */
    public String blockedOn(int task) {
        baton.lock();
        try {
            return task < tasks.size() && tasks.get(task) != null ? tasks.get(task).blockedOn : null;
        } finally {
            baton.unlock();
        }
    }

    /** @return the last stop of {@code task}, or null if it never ran. */
    public Stop lastStop(int task) {
        baton.lock();
        try {
            return task < tasks.size() && tasks.get(task) != null ? tasks.get(task).lastStop : null;
        } finally {
            baton.unlock();
        }
    }

    /** Interrupts and ends every task thread; never waits for longer than a short grace period. */
    @Override
    public void close() {
        List<Thread> threads = new ArrayList<>();
        baton.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Task t : tasks) {
                if (t != null && t.thread != null) {
                    threads.add(t.thread);
                }
            }
            changed.signalAll();
        } finally {
            baton.unlock();
        }
        for (Thread thread : threads) {
            thread.interrupt();
        }
        for (Thread thread : threads) {
            try {
                thread.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("scheduler is closed");
        }
        if (running != CONTROLLER) {
            throw new IllegalStateException("controller called while task " + running + " runs (called from a task?)");
        }
    }

    private Task task(int id) {
        while (tasks.size() <= id) {
            tasks.add(null);
        }
        Task t = tasks.get(id);
        if (t == null) {
            t = new Task(id);
            tasks.set(id, t);
        }
        return t;
    }

    /** Caller holds the baton. Passes it to {@code t} and waits for it to come back. */
    private Stop handTo(Task t) {
        t.lastStop = null;
        running = t.id;
        changed.signalAll();
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        try {
            while (running == t.id) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    // The task is stuck outside our control (a real lock, a loop): give up on it.
                    t.abandoned = true;
                    t.busy = false;
                    running = CONTROLLER;
                    t.lastStop = new Stop(Stop.Kind.TIMEOUT, t.lastLabel, "", null);
                    t.thread.interrupt();
                    return t.lastStop;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("controller interrupted while task " + t.id + " ran", e);
        }
        return t.lastStop;
    }

    /** Called on task {@code t}'s thread with the baton held: hand it back and wait for our turn. */
    private void yieldToController(Task t, Stop stop) {
        t.lastStop = stop;
        if (stop.done()) {
            t.busy = false;
        }
        running = CONTROLLER;
        changed.signalAll();
        if (!stop.done()) {
            awaitTurn(t);
        }
    }

    /** Caller holds the baton. */
    private void awaitTurn(Task t) {
        while (running != t.id || closed) {
            if (closed || t.abandoned) {
                throw new Cancelled();
            }
            try {
                changed.await();
            } catch (InterruptedException e) {
                throw new Cancelled();
            }
        }
    }

    private final class Task {
        final int id;
        Thread thread;
        Callable<String> pending;
        boolean busy;
        boolean abandoned;
        String blockedOn;
        String lastLabel = "";
        Stop lastStop;

        Task(int id) {
            this.id = id;
        }

        void loop() {
            current.set(this);
            while (true) {
                Callable<String> body;
                baton.lock();
                try {
                    while (running != id || pending == null) {
                        if (closed || abandoned) {
                            return;
                        }
                        try {
                            changed.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    body = pending;
                    pending = null;
                } finally {
                    baton.unlock();
                }
                Stop end;
                try {
                    String outcome = body.call();
                    end = new Stop(Stop.Kind.FINISHED, "", outcome, null);
                } catch (Cancelled e) {
                    return;
                } catch (Exception | Error e) {
                    if (closed || abandoned) {
                        return;
                    }
                    end = new Stop(Stop.Kind.FAILED, lastLabel, "", e);
                }
                baton.lock();
                try {
                    if (closed || abandoned) {
                        return;
                    }
                    yieldToController(this, end);
                } finally {
                    baton.unlock();
                }
            }
        }
    }

    private final class Hooks implements SchedulingHooks {
        @Override
        public void point(String label) {
            Task t = current.get();
            if (t == null) {
                return;
            }
            baton.lock();
            try {
                t.lastLabel = label;
                if (stopAt.test(label)) {
                    yieldToController(t, new Stop(Stop.Kind.POINT, label, "", null));
                } else if (closed || t.abandoned) {
                    throw new Cancelled();
                }
            } finally {
                baton.unlock();
            }
        }

        @Override
        public void waitFor(String resource) {
            Task t = current.get();
            if (t == null) {
                Thread.onSpinWait();
                return;
            }
            baton.lock();
            try {
                t.blockedOn = resource;
                yieldToController(t, new Stop(Stop.Kind.BLOCKED, resource, "", null));
                // Resumed: the caller retries; it blocks again (and says so) if the resource is still taken.
                t.blockedOn = null;
            } finally {
                baton.unlock();
            }
        }

        @Override
        public void released(String resource) {
            baton.lock();
            try {
                for (Task t : tasks) {
                    if (t != null && resource.equals(t.blockedOn)) {
                        t.blockedOn = null;
                    }
                }
            } finally {
                baton.unlock();
            }
        }

        @Override
        public boolean controlled() {
            return current.get() != null;
        }
    }
}
