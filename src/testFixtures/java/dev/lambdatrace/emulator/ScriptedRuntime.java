package dev.lambdatrace.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A minimal custom runtime in Python, for the emulated Lambda's own tests: it asks for each event and answers it with
 * 200, after an optional pause, so that a test can watch the sandbox and not a function.
 */
public final class ScriptedRuntime {

    private static final String SCRIPT = """
            import os, sys, time, urllib.request
            api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
            pause = float(sys.argv[1])
            while True:
                with urllib.request.urlopen(api + "next") as event:
                    request_id = event.headers["Lambda-Runtime-Aws-Request-Id"]
                time.sleep(pause)
                urllib.request.urlopen(urllib.request.Request(api + request_id + "/response", data=b'{"statusCode":200}'))
            """;

    /** The command that runs it, its script written to {@code directory}; each answer comes {@code pause} late. */
    public static List<String> command(Path directory, Duration pause) throws IOException {
        Path script = Files.writeString(directory.resolve("runtime.py"), SCRIPT);
        return List.of("python3", script.toString(), String.valueOf(pause.toMillis() / 1000.0));
    }

    private ScriptedRuntime() {
    }
}
