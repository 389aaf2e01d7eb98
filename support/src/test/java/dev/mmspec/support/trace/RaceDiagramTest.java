package dev.mmspec.support.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmspec.support.toy.LostUpdateModel;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RaceDiagramTest {

    @Test
    void drawsOneColumnPerTaskAndOneRowPerStretchOfAnInvocation() {
        LostUpdateModel model = new LostUpdateModel(false, 2);
        // t0 runs a whole incr, then the race: t0 load, t1 load+store, t0 store.
        Trace trace = ModelReplay.record(model, new int[] {0, 1, 0, 2, 3, 1},
                Optional.of(new Violation(ViolationKind.INVARIANT, "no_lost_update")), OptionalLong.empty());
        String expected = """
                  task 0 (t0)                                         task 1 (t1)
                  incr().load,store  counter=1, done=1, runs[t0]=1
                  incr().load  runs[t0]=2
                                                                      incr().load,store  counter=2, done=2, runs[t1]=1
                  incr().store  done=3
                violated: no_lost_update  spec/lost_update.mmspec:42  fixes off: counter_lock
                replay: bin/mmspec replay target/mmspec/lost_update.trace
                """;
        assertEquals(expected, RaceDiagram.render(trace, model.info(), "bin/mmspec replay target/mmspec/lost_update.trace"));
    }
}
