package dev.lambdatrace.function;

import dev.lambdatrace.emulator.LambdaRuntime;

/**
 * The native executable as the emulator's bootstrap, as provided.al2023 runs it under AWS's Runtime Interface Emulator.
 */
class RuntimeInterfaceEmulatorNativeIT extends RuntimeInterfaceEmulatorContract {

    @Override
    LambdaRuntime runtime() {
        return LambdaRuntime.PROVIDED_AL2023;
    }
}
