/**
 * The exhaustive explorer: breadth-first search over every interleaving of a generated
 * {@link dev.mmspec.contract.model.Model}, on all cores, with 8 bytes per stored state while it checks (fingerprints
 * only, {@link dev.mmspec.engine.explore.FingerprintSet}, split by fingerprint into one
 * {@link dev.mmspec.engine.explore.Partition} per worker, which hand each other successors in batches instead of
 * sharing a table) and 16 while it rebuilds a counterexample (fingerprint and parent link,
 * {@link dev.mmspec.engine.explore.VisitedSet}); when the spec declares symmetries (of tasks,
 * {@link dev.mmspec.contract.model.TaskSymmetry}, or of a domain's elements,
 * {@link dev.mmspec.contract.model.DomainSymmetry}), over representatives only. On request the checking search also
 * uses sleep sets decided on the footprints generated models record ({@link dev.mmspec.engine.explore.SleepTable}): the
 * same states, fewer transitions.
 *
 * <pre>{@code
 * ExplorationResult result = new Explorer(model, ExplorerConfig.defaults()
 *         .withWorkers(2).withTimeBudget(Duration.ofMinutes(1))
 *         .withProgress(Duration.ofSeconds(5), p -> log.info(p.toString())))
 *     .explore();
 * switch (result.outcome()) {
 *     case HOLDS -> ...;
 *     case VIOLATED -> System.out.println(RaceDiagram.render(result.counterexample().get(), model.info(), hint));
 *     case INCOMPLETE -> System.out.println(result.summary()); // stopReason, depthCompleted, queueRemaining
 * }
 * }</pre>
 *
 * <p>The counterexample is the shortest; among the shortest, the one with the fewest context switches (as the visited
 * set counts them: each state keeps its best parent); among those, the smallest action sequence. It does not depend on
 * the number of workers. Under symmetry reduction the path found over representatives is turned back into concrete
 * actions ({@link ConcretePath}).
 */
package dev.mmspec.engine.explore;
