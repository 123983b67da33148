package dev.lambdatrace.emulator;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment Lambda gives every function process, for a function of the original test's 512 MB.
 */
public final class LambdaEnvironment {

    // What the original test ran: 512 MB.
    public static final int MEMORY_MB = 512;
    public static final String REGION = "us-east-1";

    /** What Lambda sets for {@code functionName}, with its Runtime API at {@code runtimeApi} (host:port). */
    public static Map<String, String> of(String functionName, String runtimeApi) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(MEMORY_MB));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/25/[$LATEST]" + functionName + "0123456789abcdef");
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("TZ", ":UTC");
        return env;
    }

    private LambdaEnvironment() {
    }
}
