package dev.lambdatrace.function;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.emulator.EmulatedLambda;
import dev.lambdatrace.emulator.LambdaRuntime;

/**
 * The after-response contract on the native executable, under Quarkus' own poll loop.
 */
class AfterResponseFlushNativeIT extends AfterResponseFlushContract {

    @RegisterExtension
    static final EmulatedLambda lambda = EmulatedLambda.on(LambdaRuntime.PROVIDED_AL2023);

    @Override
    EmulatedLambda lambda() {
        return lambda;
    }
}
