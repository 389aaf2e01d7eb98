/**
 * The scheduling hooks the runtime calls at its scheduling points, and the controlled scheduler that interleaves tasks
 * through them. Depends on nothing but the JDK, so the runtime needs nothing of the verification engine.
 */
package dev.mmspec.contract.sched;
