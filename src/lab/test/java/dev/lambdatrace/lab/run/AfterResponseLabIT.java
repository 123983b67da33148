package dev.lambdatrace.lab.run;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The after-response flush of the JVM jar, frozen as Lambda freezes it, against a sink exporting inline.
 */
class AfterResponseLabIT {

    @Test
    void jvmAfterResponseDeliversEverySpanBeforeTheFreezeWithoutTheCallerWaiting() throws Exception {
        AfterResponseLab.deliversEverySpanBeforeTheFreeze("traced-after", 500, Duration.ofMillis(5));
    }
}
