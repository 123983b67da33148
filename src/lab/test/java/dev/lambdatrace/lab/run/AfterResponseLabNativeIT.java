package dev.lambdatrace.lab.run;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import dev.lambdatrace.emulator.FunctionArtifacts;
import dev.lambdatrace.emulator.LambdaRuntime;

/**
 * The after-response flush of the native executable over 10,000 invocations, frozen as Lambda freezes it, against a
 * sink exporting inline.
 */
@Tag("long-running")
class AfterResponseLabNativeIT {

    @Test
    void nativeAfterResponseLosesNoSpanInTenThousandInvocations() throws Exception {
        LambdaRuntime.nativeExecutable(FunctionArtifacts.ofBuild());
        AfterResponseLab.deliversEverySpanBeforeTheFreeze("native-traced-after", 10_000, Duration.ofMillis(2));
    }
}
