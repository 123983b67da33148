package dev.lambdatrace.function;

import dev.lambdatrace.emulator.LambdaRuntime;

/** The native executable on Lambda Managed Instances: Quarkus' poll loop and this function's workers. */
class ManagedInstancesNativeIT extends ManagedInstancesContract {

    @Override
    LambdaRuntime runtime() {
        return LambdaRuntime.PROVIDED_AL2023;
    }

    @Override
    int crossingInvocations() {
        return 10_000;
    }
}
