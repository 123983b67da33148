package dev.lambdatrace.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The packaged function under AWS's runtime client survives an event it cannot read: it posts an error and serves
 * the next event.
 */
class MalformedEventIT {

    @Test
    void malformedEventGetsAnErrorPostAndTheNextEventIsServed() throws Exception {
        Vertx vertx = Vertx.vertx();
        LabSettings settings = LabRunIT.settings(1, List.of("traced"));
        try (RunningContestant traced = RunningContestant.start(new QuarkusJvmContestant("traced", TracingRole.TRACED),
                LabRunIT.PATHS, vertx, settings)) {
            assertTrue(traced.awaitReady(Duration.ofSeconds(60)), String.valueOf(traced.failure()));

            // when
            Invocation malformed = traced.sandbox.invoke("{ this is not json", HttpApiEvents.sampledTraceHeader());
            Invocation wrongShape = traced.sandbox.invoke("[1, 2, 3]", HttpApiEvents.sampledTraceHeader());
            String header = HttpApiEvents.sampledTraceHeader();
            Invocation next = traced.sandbox.invoke(HttpApiEvents.getRoot(header), header);

            // then
            assertTrue(malformed.error(), malformed.body());
            assertTrue(wrongShape.error(), wrongShape.body());
            assertFalse(next.error(), next.body());
            assertEquals(200, new JsonObject(next.body()).getInteger("statusCode"));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
