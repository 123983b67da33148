package dev.lambdatrace.tracing.logging;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.StartupEvent;

/**
 * A shutdown is not an error. When Lambda stops the environment, Quarkus' own poll loop has its {@code next} call (or
 * the invocation it was serving) cut short by Quarkus' shutdown, and logs that at ERROR (which Quarkus marks "Error
 * Occurred After Shutdown"), though nothing failed that the shutdown did not end on purpose. The errors of Quarkus'
 * Lambda runtime while the process shuts down, and only those, are logged at DEBUG instead.
 */
@Singleton
public class QuietShutdown {

    // Quarkus' poll loop, and its HTTP handler that serves the invocation in flight.
    static final String[] QUARKUS_LAMBDA_LOGGERS = { "io.quarkus.amazon.lambda.runtime.AbstractLambdaPollLoop",
            "quarkus.amazon.lambda.http" };

    private static final Logger LOG = Logger.getLogger(QuietShutdown.class);

    void install(@Observes StartupEvent started) {
        for (String name : QUARKUS_LAMBDA_LOGGERS) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            logger.setFilter(new AfterShutdownAsDebug(logger.getFilter()));
        }
    }

    /** Lets a record through unless it is one of the shutdown's, which it logs at DEBUG in its place. */
    static final class AfterShutdownAsDebug implements Filter {

        private final Filter next;

        AfterShutdownAsDebug(Filter next) {
            this.next = next;
        }

        @Override
        public boolean isLoggable(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()
                    && ApplicationLifecycleManager.isVmShuttingDown()) {
                LOG.debugf(record.getThrown(), "During the shutdown, %s: %s", record.getLoggerName(),
                        record.getMessage());
                return false;
            }
            return next == null || next.isLoggable(record);
        }
    }
}
