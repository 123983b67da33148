package org.acme.greetings;

import dev.lambdatrace.emulator.LambdaRuntime;

/**
 * The packaged jar under AWS's Java runtime client, as the java runtimes run it, with the extension's handler.
 */
class GreetingFunctionIT extends GreetingFunctionContract {

    @Override
    LambdaRuntime runtime() {
        return LambdaRuntime.JAVA;
    }
}
