package dev.lambdatrace.function;

import dev.lambdatrace.emulator.LambdaRuntime;

/** The packaged jar on Lambda Managed Instances: AWS's runtime client runs the workers. */
class ManagedInstancesIT extends ManagedInstancesContract {

    @Override
    LambdaRuntime runtime() {
        return LambdaRuntime.JAVA;
    }

    /** The 10,000 of the target run on the executable; the jar runs fewer, for CI's time. */
    @Override
    int crossingInvocations() {
        return 4_000;
    }
}
