package dev.lambdatrace.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.lambdatrace.tools.ProjectTools;

import com.sun.net.httpserver.HttpServer;

/**
 * {@code deploy/distribute.sh} against a fake {@code aws} on PATH and a loopback HTTP server standing in for the
 * stack's HTTP APIs: three, or five where the stack has the seed pair (the fake lists the seed outputs with
 * FAKE_AWS_SEED=true, as CloudFormation lists conditional outputs only when their condition holds).
 */
class DistributeScriptTest {

    static final Path SCRIPT = ProjectTools.repositoryRoot().resolve("deploy/distribute.sh");
    static final String STACK = "perf-test";

    @TempDir
    Path temp;
    HttpServer server;
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
    Path fakeBin;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        for (String path : List.of("/traced/", "/baseline/", "/traced-udp/", "/seed-adot/", "/seed-baseline/")) {
            hits.put(path, new AtomicInteger());
            server.createContext(path, exchange -> {
                hits.get(path).incrementAndGet();
                byte[] body = "{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(statusByPath.getOrDefault(path, 200), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
        }
        server.start();
        fakeBin = Files.createDirectories(temp.resolve("bin"));
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        writeExecutable(fakeBin.resolve("aws"), """
                #!/usr/bin/env bash
                echo "$*" >> "%s"
                call="$*"
                stack=""
                while [[ $# -gt 0 ]]; do [[ "$1" == --stack-name ]] && stack="$2"; shift; done
                if [[ "$stack" != "%s" ]]; then
                  echo "An error occurred (ValidationError): Stack with id $stack does not exist" >&2
                  exit 254
                fi
                case "$call" in
                  *describe-stacks*)
                    printf 'TracedUrl\\t%s/traced/\\nBaselineUrl\\t%s/baseline/\\nTracedUdpUrl\\t%s/traced-udp/\\n'
                    if [[ "${FAKE_AWS_SEED:-}" == true ]]; then
                      printf 'SeedAdotUrl\\t%s/seed-adot/\\nSeedBaselineUrl\\t%s/seed-baseline/\\n'
                    fi
                    ;;
                esac
                exit 0
                """.formatted(temp.resolve("aws-calls"), STACK, url, url, url, url, url));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void invokesEveryFunctionOnceARoundAndEndsWithASummary() throws Exception {
        Result result = run(List.of("-s", STACK, "-n", "5", "-i", "0"));

        assertEquals(0, result.exitCode(), result.output());
        assertEquals(5, hits.get("/traced/").get());
        assertEquals(5, hits.get("/baseline/").get());
        assertEquals(5, hits.get("/traced-udp/").get());
        assertTrue(result.output().matches("(?sm).*^traced-udp\\s+5\\s+5\\s+0\\s+0.*"), result.output());
        assertTrue(result.output().contains("Summary: 5 of 5 rounds against stack perf-test"), result.output());
        assertTrue(result.output().matches("(?sm).*^traced\\s+5\\s+5\\s+0\\s+0.*"), result.output());
        assertTrue(result.output().contains("Driving 3 functions"), result.output());
        // a stack deployed with Seed=false has no seed outputs, so there is nothing of the seed pair to drive
        assertEquals(0, hits.get("/seed-adot/").get() + hits.get("/seed-baseline/").get());
        assertFalse(result.output().contains("seed"), result.output());
        String state = Files.readString(temp.resolve("state/traced-function/perf-test.last-run"));
        assertTrue(state.contains("START=") && state.contains("END=") && state.contains("ROUNDS=5"), state);
    }

    @Test
    void aStackWithTheSeedPairHasItsTwoFunctionsDrivenInTheSameRounds() throws Exception {
        Result result = run(List.of("-s", STACK, "-n", "4", "-i", "0"), path(), Map.of("FAKE_AWS_SEED", "true"));

        assertEquals(0, result.exitCode(), result.output());
        for (String path : List.of("/traced/", "/baseline/", "/traced-udp/", "/seed-adot/", "/seed-baseline/")) {
            assertEquals(4, hits.get(path).get(), path);
        }
        assertTrue(result.output().contains("Driving 5 functions"), result.output());
        for (String label : List.of("traced", "baseline", "traced-udp", "seed-adot", "seed-baseline")) {
            assertTrue(result.output().matches("(?sm).*^" + label + "\\s+4\\s+4\\s+0\\s+0.*"), label + ": " + result.output());
        }
        assertTrue(result.output().contains("seed-adot: 4 ok  seed-baseline: 4 ok"), result.output());
    }

    @Test
    void aSeedFunctionThatAnswersBadlyFailsTheRunLikeAnyOther() throws Exception {
        statusByPath.put("/seed-adot/", 502);

        Result result = run(List.of("-s", STACK, "-n", "2", "-i", "0"), path(), Map.of("FAKE_AWS_SEED", "true"));

        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().matches("(?sm).*^seed-adot\\s+2\\s+0\\s+2\\s+0.*"), result.output());
        assertTrue(result.output().matches("(?sm).*^seed-baseline\\s+2\\s+2\\s+0\\s+0.*"), result.output());
    }

    @Test
    void answersThatAreNot200AreCountedAndFailTheRun() throws Exception {
        statusByPath.put("/baseline/", 503);

        Result result = run(List.of("-s", STACK, "-n", "3", "-i", "0"));

        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().matches("(?sm).*^baseline\\s+3\\s+0\\s+3\\s+0.*"), result.output());
        assertTrue(result.output().contains("baseline: 0 ok, 3 not"), result.output());
    }

    @Test
    void printsTheEndpointsWithoutInvokingThem() throws Exception {
        Result result = run(List.of("-c", "-s", STACK));

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("/traced/") && result.output().contains("/baseline/"), result.output());
        assertEquals(0, hits.get("/traced/").get() + hits.get("/baseline/").get());
        assertFalse(result.output().contains("seed"), result.output());

        Result withSeed = run(List.of("-c", "-s", STACK), path(), Map.of("FAKE_AWS_SEED", "true"));

        assertEquals(0, withSeed.exitCode(), withSeed.output());
        assertTrue(withSeed.output().matches("(?sm).*^seed-adot\\s+http://127\\.0\\.0\\.1:\\d+/seed-adot/$.*"),
                withSeed.output());
        assertTrue(withSeed.output().matches("(?sm).*^seed-baseline\\s+http://127\\.0\\.0\\.1:\\d+/seed-baseline/$.*"),
                withSeed.output());
        assertEquals(0, hits.get("/seed-adot/").get());
    }

    @Test
    void deletesTheStackAndWaitsForIt() throws Exception {
        Result result = run(List.of("-e", "-s", STACK));

        assertEquals(0, result.exitCode(), result.output());
        String calls = Files.readString(temp.resolve("aws-calls"));
        assertTrue(calls.contains("cloudformation delete-stack --stack-name perf-test"), calls);
        assertTrue(calls.contains("cloudformation wait stack-delete-complete --stack-name perf-test"), calls);
    }

    @Test
    void badArgumentsExitWithCode2AndSayWhatIsWrong() throws Exception {
        assertUsageError(List.of("-s", STACK, "-n", "many"), "-n must be a positive whole number");
        assertUsageError(List.of("-s", STACK, "-n", "0"), "-n must be a positive whole number");
        assertUsageError(List.of("-s", STACK, "-i", "soon"), "-i must be a number of seconds");
        assertUsageError(List.of("-n", "5"), "-s STACK is required");
        assertUsageError(List.of("-s", STACK, "-x"), "unknown option -x");
        assertUsageError(List.of("-s", "no-such-stack", "-n", "1"), "cannot read stack 'no-such-stack'");
    }

    @Test
    void missingAwsCliExitsWithCode2() throws Exception {
        // given a PATH with the tools the script needs, but no aws
        Path bin = Files.createDirectories(temp.resolve("bin-without-aws"));
        for (String tool : List.of("curl", "date", "mkdir", "awk", "sleep", "cat")) {
            Files.createSymbolicLink(bin.resolve(tool), which(tool));
        }

        Result result = run(List.of("-s", STACK, "-n", "1"), bin.toString());

        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("the aws CLI is not on PATH"), result.output());
    }

    @Test
    void drivesTheStackOnBsdStyleUserlandWithNothingButPosixTools() throws Exception {
        // given a PATH like macOS's as far as the driver needs: BSD date, POSIX sed, no GNU extras
        Path bin = BsdLikeBin.create(temp.resolve("bsd-bin"), "bash", "curl", "awk", "mkdir", "sleep", "cat");
        writeExecutable(bin.resolve("aws"), Files.readString(fakeBin.resolve("aws")));

        Result result = run(List.of("-s", STACK, "-n", "2", "-i", "0.01"), bin.toString());

        assertEquals(0, result.exitCode(), result.output());
        assertEquals(2, hits.get("/traced-udp/").get());
        String state = Files.readString(temp.resolve("state/traced-function/perf-test.last-run"));
        assertTrue(state.matches("(?s).*START=\\d{10}\nEND=\\d{10}\nROUNDS=2\n"), state);
    }

    // Without -r the driver must pass no region, which on bash 3.2 means not expanding an empty array of arguments
    // (see ShellScriptsTest); the bash here would expand one without complaint, so this pins the behaviour only.
    @Test
    void everyAwsCallNamesTheRegionOnlyWhenOneIsGiven() throws Exception {
        assertEquals(0, run(List.of("-s", STACK, "-n", "1", "-i", "0")).exitCode());
        assertEquals(0, run(List.of("-e", "-s", STACK)).exitCode());
        List<String> withoutRegion = Files.readAllLines(temp.resolve("aws-calls"));
        Files.delete(temp.resolve("aws-calls"));
        assertEquals(0, run(List.of("-s", STACK, "-n", "1", "-i", "0", "-r", "eu-central-1")).exitCode());
        assertEquals(0, run(List.of("-e", "-s", STACK, "-r", "eu-central-1")).exitCode());
        List<String> withRegion = Files.readAllLines(temp.resolve("aws-calls"));

        assertEquals(3, withoutRegion.size(), withoutRegion.toString());
        assertTrue(withoutRegion.stream().noneMatch(call -> call.contains("--region")), withoutRegion.toString());
        assertEquals(3, withRegion.size(), withRegion.toString());
        assertTrue(withRegion.stream().allMatch(call -> call.startsWith("--region eu-central-1 ")),
                withRegion.toString());
        String state = Files.readString(temp.resolve("state/traced-function/perf-test.last-run"));
        assertTrue(state.contains("REGION=eu-central-1\n"), state);
    }

    @Test
    void ctrlCStopsCleanlyWithTheSummarySoFar() throws Exception {
        // given a long run
        Process process = start(List.of("-s", STACK, "-n", "100000", "-i", "0.05"), path());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (hits.get("/baseline/").get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        // when
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();

        // then
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the driver did not stop on SIGINT");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(130, process.exitValue(), output);
        assertTrue(output.contains("Interrupted.") && output.contains("Summary: "), output);
        int afterStop = hits.get("/traced/").get();
        Thread.sleep(300);
        assertEquals(afterStop, hits.get("/traced/").get(), "requests went on after the driver stopped");
    }

    private void assertUsageError(List<String> arguments, String message) throws Exception {
        Result result = run(arguments);
        assertEquals(2, result.exitCode(), arguments + ": " + result.output());
        assertTrue(result.output().contains(message), arguments + ": " + result.output());
    }

    record Result(int exitCode, String output) {
    }

    private Result run(List<String> arguments) throws Exception {
        return run(arguments, path());
    }

    private Result run(List<String> arguments, String path) throws Exception {
        return run(arguments, path, Map.of());
    }

    private Result run(List<String> arguments, String path, Map<String, String> environment) throws Exception {
        Process process = start(arguments, path, environment);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "distribute.sh did not finish");
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Process start(List<String> arguments, String path) throws IOException {
        return start(arguments, path, Map.of());
    }

    private Process start(List<String> arguments, String path, Map<String, String> environment) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(which("bash").toString(), SCRIPT.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", path);
        builder.environment().put("XDG_STATE_HOME", temp.resolve("state").toString());
        builder.environment().remove("FAKE_AWS_SEED");
        builder.environment().putAll(environment);
        return builder.start();
    }

    private String path() {
        return fakeBin + ":" + System.getenv("PATH");
    }

    static Path which(String tool) throws IOException {
        for (String directory : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(directory, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IOException(tool + " is not on PATH");
    }

    static void writeExecutable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
