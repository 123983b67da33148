package dev.lambdatrace.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * How AWS's managed Java runtime starts a function: a JVM with the options seen on {@code java17} at 512 MB, running
 * AWS's runtime interface client with the handler's name.
 */
public final class JavaRuntime {

    public static final String RUNTIME_CLIENT_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /**
     * C1 only (documented by AWS), serial GC, class data sharing, and a heap of 85% of the memory size.
     * {@code MaxRAM} makes the JVM size everything else (initial heap, young generation) as it would in a 512 MB
     * sandbox rather than on this machine. {@code extraOptions} (space-separated) come last, for profiling.
     */
    public static List<String> jvmOptions(String extraOptions) {
        List<String> options = new ArrayList<>(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xshare:auto", "-XX:MaxHeapSize=445645k",
                "-XX:MaxRAM=" + LambdaEnvironment.MEMORY_MB + "m"));
        if (extraOptions != null && !extraOptions.isBlank()) {
            options.addAll(List.of(extraOptions.trim().split("\\s+")));
        }
        return options;
    }

    /** The command that runs {@code handler} from {@code classpath} under the runtime client. */
    public static List<String> command(String classpath, String handler, String extraOptions) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions(extraOptions));
        command.add("-cp");
        command.add(classpath);
        command.add(RUNTIME_CLIENT_MAIN);
        command.add(handler);
        return command;
    }

    private JavaRuntime() {
    }
}
