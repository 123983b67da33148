package dev.lambdatrace.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.emulator.EmulatedLambda;
import dev.lambdatrace.emulator.HttpApiEvents;
import dev.lambdatrace.emulator.Invocation;
import dev.lambdatrace.emulator.LambdaRuntime;
import dev.lambdatrace.emulator.Sandbox;
import io.vertx.core.json.JsonObject;

/**
 * The packaged function under AWS's runtime client survives an event it cannot read: it posts an error and serves
 * the next event.
 */
class MalformedEventIT {

    @RegisterExtension
    static final EmulatedLambda lambda = EmulatedLambda.on(LambdaRuntime.JAVA);

    @Test
    void malformedEventGetsAnErrorPostAndTheNextEventIsServed() {
        OtlpReceiver collector = OtlpReceiver.start(0);
        try (Sandbox function = lambda.start("malformed", collector,
                Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.address()))) {
            // when
            Invocation malformed = function.invoke("{ this is not json", HttpApiEvents.sampledTraceHeader());
            Invocation wrongShape = function.invoke("[1, 2, 3]", HttpApiEvents.sampledTraceHeader());
            String header = HttpApiEvents.sampledTraceHeader();
            Invocation next = function.invoke(HttpApiEvents.getRoot(header), header);

            // then
            assertTrue(malformed.error(), malformed.body());
            assertTrue(wrongShape.error(), wrongShape.body());
            assertFalse(next.error(), next.body());
            assertEquals(200, new JsonObject(next.body()).getInteger("statusCode"));
        }
    }
}
