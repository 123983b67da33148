package dev.lambdatrace.function;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.emulator.EmulatedLambda;
import dev.lambdatrace.emulator.LambdaRuntime;

/**
 * What X-Ray gets from the native executable under Quarkus' own poll loop.
 */
class XraySegmentNativeIT extends XraySegmentContract {

    @RegisterExtension
    static final EmulatedLambda lambda = EmulatedLambda.on(LambdaRuntime.PROVIDED_AL2023);

    @Override
    EmulatedLambda lambda() {
        return lambda;
    }
}
