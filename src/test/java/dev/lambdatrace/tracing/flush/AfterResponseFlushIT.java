package dev.lambdatrace.tracing.flush;

import java.util.Map;
import java.util.function.Consumer;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.lab.JvmFunction;
import dev.lambdatrace.lab.RuntimeApiEndpoint;
import dev.lambdatrace.lab.Sandbox;

/**
 * The after-response contract on the packaged jar under AWS's Java runtime client.
 */
class AfterResponseFlushIT extends AfterResponseFlushContract {

    @Override
    Sandbox start(String name, OtlpReceiver sink, Map<String, String> environment,
            Consumer<RuntimeApiEndpoint> beforeStart) {
        return JvmFunction.start(vertx, name, sink, environment, beforeStart);
    }
}
