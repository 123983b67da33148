package dev.lambdatrace.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.amazonaws.services.lambda.runtime.Context;

import dev.lambdatrace.tracing.flush.FlushChoice;
import io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler;
import io.quarkus.runtime.Quarkus;

/**
 * The handler for AWS's java runtimes ({@code dev.lambdatrace.runtime.LambdaStreamHandler::handleRequest}): Quarkus'
 * own stream handler, plus the internal extension's registration while the runtime client loads the handler (Quarkus'
 * handler starts the application only with the first invocation, after the runtime client's first {@code next}, when
 * Lambda no longer accepts registrations).
 * <p>
 * A plain class, not a {@code RequestStreamHandler}: the runtime client calls {@code handleRequest} by name, and
 * Quarkus' Lambda extension allows only one handler implementation in the application. Invocations that come at once
 * (AWS's runtime client runs several on Lambda Managed Instances) wait for Quarkus' start, and only for it, then run
 * side by side: Quarkus' own handler would let them through while the start still runs ({@link Quarkus#manualStart}
 * marks the start begun before running it), into an application with no beans yet.
 */
public class LambdaStreamHandler {

    private static final Object START = new Object();
    private static volatile boolean started;
    // Quarkus' own poll loop: never the runtime here, where AWS's runtime client is.
    static final String POLL_LOOP_LOG_LEVEL =
            "quarkus.log.category.\"io.quarkus.amazon.lambda.runtime.AbstractLambdaPollLoop\".level";

    private final QuarkusStreamHandler quarkus = new QuarkusStreamHandler();

    public LambdaStreamHandler() {
        // A jar built beside a native executable also starts Quarkus' poll loop (Quarkus records it for native
        // builds), which finds no application of its own (Quarkus.manualStart never makes one current) and stops at
        // once, logging an init error at ERROR that Lambda refuses: nothing failed. Read at the start, below; a level
        // the application sets for it wins.
        Config config = ConfigProvider.getConfig();
        if (config.getConfigValue(POLL_LOOP_LOG_LEVEL).getValue() == null) {
            System.setProperty(POLL_LOOP_LOG_LEVEL, "OFF");
        }
        // Quarkus' handler has read the configuration (its static init) and has not yet started the application.
        FlushChoice.registerEarly(config);
    }

    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (!started) {
            synchronized (START) {
                if (!started) {
                    // The whole start, on this thread; a start that fails throws here, and again at each invocation.
                    Quarkus.manualStart();
                    started = true;
                }
            }
        }
        quarkus.handleRequest(input, output, context);
    }
}
