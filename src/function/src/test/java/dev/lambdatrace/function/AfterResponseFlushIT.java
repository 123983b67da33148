package dev.lambdatrace.function;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lambdatrace.emulator.EmulatedLambda;
import dev.lambdatrace.emulator.LambdaRuntime;

/**
 * The after-response contract on the packaged jar under AWS's Java runtime client.
 */
class AfterResponseFlushIT extends AfterResponseFlushContract {

    @RegisterExtension
    static final EmulatedLambda lambda = EmulatedLambda.on(LambdaRuntime.JAVA);

    @Override
    EmulatedLambda lambda() {
        return lambda;
    }
}
