package dev.lambdatrace.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.lambdatrace.tools.ProjectTools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code deploy/report.sh} against a fake {@code aws} on PATH (src/test/resources/deploy/fake-aws-for-report.sh). The
 * script runs from a copy in a temporary directory whose {@code mvnw} is a fake too: the report step itself is
 * AwsReportTest's business, and a real Maven run per test would be slow.
 */
class ReportScriptTest {

    static final Path SCRIPT = ProjectTools.repositoryRoot().resolve("deploy/report.sh");
    static final Path FAKE_AWS = Path.of("src/test/resources/deploy/fake-aws-for-report.sh").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    /** 1700000000 is 22:13:20Z; the script widens the window to whole minutes. */
    static final List<String> WINDOW = List.of("-f", "1700000000", "-t", "1700003600");

    @TempDir
    Path temp;
    Path script;
    Path fakeBin;
    Path state;
    Path out;

    @BeforeEach
    void setUp() throws IOException {
        Path kit = temp.resolve("kit");
        script = Files.createDirectories(kit.resolve("deploy")).resolve("report.sh");
        Files.copy(SCRIPT, script);
        state = Files.createDirectories(temp.resolve("aws-state"));
        DistributeScriptTest.writeExecutable(kit.resolve("mvnw"), """
                #!/bin/sh
                echo "$@" >> "%s"
                """.formatted(state.resolve("mvnw-calls")));
        fakeBin = Files.createDirectories(temp.resolve("bin"));
        DistributeScriptTest.writeExecutable(fakeBin.resolve("aws"), Files.readString(FAKE_AWS));
        out = temp.resolve("out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "table", "yaml"})
    void reportSucceedsQuicklyWhateverOutputFormatTheCliDefaultsTo(String defaultOutput) throws Exception {
        // when the user's CLI answers in another format unless told otherwise
        Result result = run(WINDOW, Map.of("AWS_DEFAULT_OUTPUT", defaultOutput), 30);

        // then
        assertEquals(0, result.exitCode(), result.output());
        for (String label : List.of("traced", "baseline")) {
            for (String query : List.of("report-summary", "report-series")) {
                JsonNode answer = JSON.readTree(out.resolve("raw/" + label + "-" + query + ".json").toFile());
                assertEquals("Complete", answer.path("status").asText(), label + "-" + query);
                assertTrue(answer.path("results").size() > 0, label + "-" + query);
            }
            JsonNode insights = JSON.readTree(out.resolve("raw/" + label + "-insights.json").toFile());
            assertEquals(4, insights.path("MetricDataResults").size(), label);
        }
        String mvnw = Files.readString(state.resolve("mvnw-calls"));
        assertTrue(mvnw.contains("-Daws-report.dir=" + out), mvnw);
        assertTrue(mvnw.contains("-Daws-report.window=1699999980-1700003640"), mvnw);
    }

    @Test
    void aStackWithoutTheSeedPairIsReportedWithoutItAndNothingIsAskedOfIt() throws Exception {
        Result result = run(WINDOW, Map.of(), 30);

        assertEquals(0, result.exitCode(), result.output());
        try (var files = Files.list(out.resolve("raw"))) {
            assertEquals(List.of("baseline-insights.json", "baseline-report-series.json",
                    "baseline-report-summary.json", "traced-insights.json", "traced-report-series.json",
                    "traced-report-summary.json"), files.map(file -> file.getFileName().toString()).sorted().toList());
        }
        assertFalse(Files.readString(state.resolve("aws-calls")).contains("seed"));
    }

    // A stack deployed with Seed=true lists the seed pair's *FunctionName outputs too.
    @Test
    void aStackWithTheSeedPairHasBothItsFunctionsFetchedAndLabelledAsDistributeLabelsThem() throws Exception {
        Result result = run(WINDOW, Map.of("FAKE_AWS_SEED", "true"), 30);

        assertEquals(0, result.exitCode(), result.output());
        for (String function : List.of("seed-adot", "seed-baseline")) {
            assertTrue(result.output().contains("Fetching " + function + " (perf-" + function + "-fn) for "),
                    result.output());
            for (String query : List.of("report-summary", "report-series")) {
                JsonNode answer = JSON.readTree(out.resolve("raw/" + function + "-" + query + ".json").toFile());
                assertEquals("Complete", answer.path("status").asText(), function + "-" + query);
            }
            JsonNode insights = JSON.readTree(out.resolve("raw/" + function + "-insights.json").toFile());
            assertEquals(4, insights.path("MetricDataResults").size(), function);
        }
        assertEquals(List.of("87", "45", "72", "40"), List.of(maxMemory("traced"), maxMemory("baseline"),
                maxMemory("seed-adot"), maxMemory("seed-baseline")));
        List<String> calls = Files.readAllLines(state.resolve("aws-calls"));
        assertTrue(calls.stream().anyMatch(call -> call.contains("--log-group-name /aws/lambda/perf-seed-adot-fn")),
                calls.toString());
        assertTrue(calls.stream().anyMatch(call -> call.contains("\"Value\":\"perf-seed-baseline-fn\"")),
                calls.toString());
        assertTrue(Files.readString(state.resolve("mvnw-calls")).contains("-Daws-report.dir=" + out));
    }

    private String maxMemory(String label) throws IOException {
        for (JsonNode field : JSON.readTree(out.resolve("raw/" + label + "-report-summary.json").toFile())
                .path("results").path(0)) {
            if (field.path("field").asText().equals("maxMemoryUsedMb")) {
                return field.path("value").asText();
            }
        }
        return null;
    }

    @Test
    void everyCallWhoseAnswerIsParsedAsksForTheFormatItParses() throws Exception {
        Result result = run(WINDOW, Map.of(), 30);

        assertEquals(0, result.exitCode(), result.output());
        for (String call : Files.readAllLines(state.resolve("aws-calls"))) {
            boolean text = call.contains("describe-stacks") || call.contains("start-query");
            assertTrue(call.contains(text ? "--output text" : "--output json"), call);
        }
    }

    // The fake holds a REPORT line's "Max Memory Used: 87 MB" in @maxMemoryUsed as 87,000,000, as Logs Insights does,
    // and works out the query's own max(@maxMemoryUsed) / D: the report shows 87 only if D is 1,000,000.
    @Test
    void maxMemoryUsedIsInTheMegabytesTheReportLinePrints() throws Exception {
        Result result = run(WINDOW, Map.of(), 30);

        assertEquals(0, result.exitCode(), result.output());
        for (Map.Entry<String, String> function : Map.of("traced", "87", "baseline", "45").entrySet()) {
            List<String> figures = new ArrayList<>();
            for (String query : List.of("report-summary", "report-series")) {
                Path answer = out.resolve("raw/" + function.getKey() + "-" + query + ".json");
                for (JsonNode row : JSON.readTree(answer.toFile()).path("results")) {
                    for (JsonNode field : row) {
                        if (field.path("field").asText().equals("maxMemoryUsedMb")) {
                            figures.add(field.path("value").asText());
                        }
                    }
                }
            }
            assertEquals(List.of(function.getValue(), function.getValue(), function.getValue()), figures,
                    function.getKey() + ": the summary's figure, then the series' two");
        }
    }

    @Test
    void anAnswerThatIsNotJsonFailsAtOnceInsteadOfPollingForTwoMinutes() throws Exception {
        // given a CLI that answers get-query-results with something the script cannot read, whatever it is asked
        Path brokenBin = Files.createDirectories(temp.resolve("broken-bin"));
        DistributeScriptTest.writeExecutable(brokenBin.resolve("aws"), """
                #!/usr/bin/env bash
                case "$*" in
                  *get-query-results*) echo "<html>Service Unavailable</html>" ;;
                  *) exec "%s" "$@" ;;
                esac
                """.formatted(fakeBin.resolve("aws")));

        Result result = run(WINDOW, Map.of("PATH", brokenBin + ":" + path()), 10);

        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("cannot read the status of the query on /aws/lambda/perf-traced-fn"),
                result.output());
    }

    @Test
    void reportRunsOnBsdStyleUserlandWithNothingButPosixTools() throws Exception {
        // given a PATH like macOS's as far as the report needs: BSD date, POSIX sed, no seq, no GNU extras
        Path bin = BsdLikeBin.create(temp.resolve("bsd-bin"), "bash", "dirname", "mkdir", "head", "tr", "sleep", "cat");
        DistributeScriptTest.writeExecutable(bin.resolve("aws"), Files.readString(FAKE_AWS));

        Result result = run(WINDOW, Map.of("PATH", bin.toString()), 30);

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains(
                "Fetching traced (perf-traced-fn) for 2023-11-14T22:13:00Z .. 2023-11-14T23:14:00Z"), result.output());
        assertEquals("Complete", JSON.readTree(out.resolve("raw/baseline-report-series.json").toFile())
                .path("status").asText());
    }

    // Without a region the script must pass none, which on bash 3.2 means not expanding an empty array of arguments
    // (see ShellScriptsTest); the bash here would expand one without complaint, so this pins the behaviour only.
    @Test
    void everyAwsCallNamesTheRegionOnlyWhenOneIsGiven() throws Exception {
        assertEquals(0, run(WINDOW, Map.of(), 30).exitCode());
        List<String> withoutRegion = Files.readAllLines(state.resolve("aws-calls"));
        Files.delete(state.resolve("aws-calls"));
        List<String> arguments = new ArrayList<>(WINDOW);
        arguments.addAll(List.of("-r", "eu-central-1"));
        assertEquals(0, run(arguments, Map.of(), 30).exitCode());
        List<String> withRegion = Files.readAllLines(state.resolve("aws-calls"));

        assertFalse(withoutRegion.isEmpty());
        assertTrue(withoutRegion.stream().noneMatch(call -> call.contains("--region")), withoutRegion.toString());
        assertFalse(withRegion.isEmpty());
        assertTrue(withRegion.stream().allMatch(call -> call.startsWith("--region eu-central-1 ")),
                withRegion.toString());
    }

    @Test
    void theWindowAndTheRegionComeFromDistributesLastRunOfTheStack() throws Exception {
        // given what distribute.sh wrote after a run on perf-test with -r ap-southeast-2
        Path stateHome = temp.resolve("xdg-state");
        Files.createDirectories(stateHome.resolve("traced-function"));
        Files.writeString(stateHome.resolve("traced-function/perf-test.last-run"),
                "STACK=perf-test\nREGION=ap-southeast-2\nSTART=1700000000\nEND=1700003600\nROUNDS=10\n");

        Result result = run(List.of(), Map.of("XDG_STATE_HOME", stateHome.toString()), 30);

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("for 2023-11-14T22:13:00Z .. 2023-11-14T23:14:00Z"), result.output());
        List<String> calls = Files.readAllLines(state.resolve("aws-calls"));
        assertTrue(calls.stream().allMatch(call -> call.startsWith("--region ap-southeast-2 ")), calls.toString());
    }

    record Result(int exitCode, String output) {
    }

    private Result run(List<String> arguments, Map<String, String> environment, int timeoutSeconds)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(DistributeScriptTest.which("bash").toString(),
                script.toString(), "-s", "perf-test", "-o", out.toString()));
        command.addAll(arguments);
        // To a file rather than a pipe, so that what a script that had to be stopped printed can still be read.
        Path log = Files.createTempFile(temp, "report", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PATH", path());
        builder.environment().put("FAKE_AWS_STATE", state.toString());
        builder.environment().remove("AWS_DEFAULT_OUTPUT");
        builder.environment().remove("FAKE_AWS_SEED");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("report.sh was still running after " + timeoutSeconds + " s: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    private String path() {
        return fakeBin + ":" + System.getenv("PATH");
    }
}
