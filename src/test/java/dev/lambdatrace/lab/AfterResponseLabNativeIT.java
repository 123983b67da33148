package dev.lambdatrace.lab;

import org.junit.jupiter.api.Test;

/**
 * The after-response flush of the native executable over 10,000 invocations, frozen as Lambda freezes it, against a
 * sink exporting inline.
 */
class AfterResponseLabNativeIT {

    @Test
    void nativeAfterResponseLosesNoSpanInTenThousandInvocations() throws Exception {
        NativeFunction.executable();
        AfterResponseLab.deliversEverySpanBeforeTheFreeze("native-traced-after", 10_000);
    }
}
