package dev.lambdatrace.tracing.flush;

import java.util.Map;
import java.util.function.Consumer;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.lab.NativeFunction;
import dev.lambdatrace.lab.RuntimeApiEndpoint;
import dev.lambdatrace.lab.Sandbox;

/**
 * The after-response contract on the native executable, under Quarkus' own poll loop.
 */
class AfterResponseFlushNativeIT extends AfterResponseFlushContract {

    @Override
    Sandbox start(String name, OtlpReceiver sink, Map<String, String> environment,
            Consumer<RuntimeApiEndpoint> beforeStart) {
        return NativeFunction.start(vertx, name, sink, environment, beforeStart);
    }
}
