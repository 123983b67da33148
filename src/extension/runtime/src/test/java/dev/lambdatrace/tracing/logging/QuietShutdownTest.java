package dev.lambdatrace.tracing.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class QuietShutdownTest {

    @Test
    void errorsOfQuarkusLambdaRuntimeWhileTheProcessRunsAreLoggedAsTheyAre() {
        Filter filter = new QuietShutdown.AfterShutdownAsDebug(null);
        LogRecord error = new LogRecord(Level.SEVERE, "Error running lambda (NORMAL)");

        // Not shutting down in this test's JVM: an error stays an error.
        assertTrue(filter.isLoggable(error));
    }

    @Test
    void aFilterTheLoggerHadStillDecides() {
        Filter filter = new QuietShutdown.AfterShutdownAsDebug(record -> false);

        assertFalse(filter.isLoggable(new LogRecord(Level.INFO, "anything")));
    }
}
