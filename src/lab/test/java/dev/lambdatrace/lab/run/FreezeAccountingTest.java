package dev.lambdatrace.lab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lambdatrace.emulator.FunctionArtifacts;
import dev.lambdatrace.lab.LabPaths;
import dev.lambdatrace.lab.contestants.Contestant;
import dev.lambdatrace.lab.report.ContestantResult;
import dev.lambdatrace.lab.report.LabResults;

/**
 * The lab's delivered/late/lost accounting against a function that exports on a timer after it has answered, as a
 * batch span processor does: under freezing, none of its spans is delivered before the freeze.
 */
class FreezeAccountingTest {

    // A custom runtime that answers at once and exports the invocation's span 20 ms later, from a timer thread.
    static final String TIMER_EXPORTER = """
            import os, threading, urllib.request
            api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
            sink = os.environ["SINK"]

            def field(number, payload):
                size, length = b"", len(payload)
                while True:
                    byte = length & 0x7F
                    length >>= 7
                    size += bytes([byte | (0x80 if length else 0)])
                    if not length:
                        break
                return bytes([number << 3 | 2]) + size + payload

            def export(trace_id):
                span = field(1, bytes.fromhex(trace_id)) + field(2, bytes(7) + b"\\x01") + field(5, b"timer")
                request = field(1, field(2, field(2, span)))
                urllib.request.urlopen(urllib.request.Request(sink, data=request,
                        headers={"Content-Type": "application/x-protobuf"}))

            while True:
                with urllib.request.urlopen(api + "next") as event:
                    request_id = event.headers["Lambda-Runtime-Aws-Request-Id"]
                    root = event.headers["Lambda-Runtime-Trace-Id"].split(";")[0].split("-")
                urllib.request.urlopen(urllib.request.Request(api + request_id + "/response",
                        data=b'{"statusCode":200}'))
                threading.Timer(0.02, export, [root[1] + root[2]]).start()
            """;

    @TempDir
    static Path directory;

    @Test
    void timerThatExportsAfterTheResponseDeliversNoSpanBeforeTheFreeze() throws Exception {
        // given
        LabSettings settings = LabSettings.small(30, List.of("timer"));

        // when
        LabResults results = new LabRun(new LabPaths(new FunctionArtifacts(directory), directory.resolve("lab")), settings, line -> {
        }).execute(List.of(new TimerExporter("timer")));

        // then
        ContestantResult timer = results.contestant("timer").orElseThrow();
        assertEquals(null, timer.failure());
        assertEquals(30, timer.invocations());
        assertEquals(0, timer.spansDelivered(), "a span sent after the response cannot be there before the freeze");
        assertEquals(30, timer.spansLate() + timer.spansLost());
        assertTrue(timer.spansLate() > 0, "thawed for the next event, the timer fires and its span arrives late");
    }

    /** The timer exporter as a lab contestant. */
    static final class TimerExporter extends Contestant {

        TimerExporter(String name) {
            super(name);
        }

        @Override
        public String description() {
            return "exports each span 20 ms after its response";
        }

        @Override
        public Optional<String> unavailableReason(LabPaths paths) {
            return Optional.empty();
        }

        @Override
        public List<String> command(LabPaths paths) {
            try {
                Path script = Files.writeString(directory.resolve("timer_exporter.py"), TIMER_EXPORTER);
                return List.of("python3", script.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean traced() {
            return true;
        }

        @Override
        public Map<String, String> tracingEnvironment(String sinkAddress) {
            return Map.of("SINK", sinkAddress);
        }
    }
}
