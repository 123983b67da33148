package org.acme.greetings;

import dev.lambdatrace.emulator.LambdaRuntime;

/**
 * The native executable, as {@code provided.al2023} runs it.
 */
class GreetingFunctionNativeIT extends GreetingFunctionContract {

    @Override
    LambdaRuntime runtime() {
        return LambdaRuntime.PROVIDED_AL2023;
    }
}
