package dev.lambdatrace.runtime;

import dev.lambdatrace.emulator.LambdaRuntime;

/** The packaged jar on Lambda Managed Instances: AWS's runtime client runs the workers. */
class ManagedInstancesIT extends ManagedInstancesContract {

    @Override
    LambdaRuntime runtime() {
        return LambdaRuntime.JAVA;
    }

    @Override
    int crossingInvocations() {
        return 10_000;
    }
}
