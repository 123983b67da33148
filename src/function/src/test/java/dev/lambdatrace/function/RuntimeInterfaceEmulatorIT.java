package dev.lambdatrace.function;

import dev.lambdatrace.emulator.LambdaRuntime;

/**
 * The packaged jar under AWS's Java runtime client, as the emulator's bootstrap under AWS's Runtime Interface Emulator.
 */
class RuntimeInterfaceEmulatorIT extends RuntimeInterfaceEmulatorContract {

    @Override
    LambdaRuntime runtime() {
        return LambdaRuntime.JAVA;
    }
}
