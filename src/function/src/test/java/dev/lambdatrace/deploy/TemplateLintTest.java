package dev.lambdatrace.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;
import dev.lambdatrace.tools.ProjectTools;

/**
 * {@code deploy/template.yaml} passes AWS's own linter, cfn-lint, with neither errors nor warnings, and AWS's own SAM
 * transform (aws-sam-translator, run offline by {@code src/tools/cfn-lint/transform.py}): the versions and hashes of
 * {@code src/tools/cfn-lint/requirements.txt}, installed by {@code src/tools/cfn-lint/install.sh} (from PyPI on a
 * machine's first run, from its cache after). The linter knows CloudFormation's and SAM's schemas; TemplateTest
 * keeps what it cannot know, the test's own invariants.
 * <p>
 * Nothing here is skipped: a machine that cannot install the linter fails this test, saying why.
 */
class TemplateLintTest {

    static final Path INSTALL = ProjectTools.repositoryRoot().resolve("src/tools/cfn-lint/install.sh");
    static final Path TEMPLATE = ProjectTools.repositoryRoot().resolve("deploy/template.yaml");
    static final Path TRANSFORM = ProjectTools.repositoryRoot().resolve("src/tools/cfn-lint/transform.py");
    static Path cfnLint;

    record Run(int exitCode, String stdout, String stderr, long millis) {
    }

    @BeforeAll
    static void install() throws Exception {
        Run install = run(List.of(DistributeScriptTest.which("bash").toString(), INSTALL.toString()), 600);
        if (install.exitCode() != 0) {
            fail("src/tools/cfn-lint/install.sh failed (exit " + install.exitCode() + "):\n" + install.stderr()
                    + install.stdout());
        }
        cfnLint = Path.of(install.stdout().strip());
        assertTrue(Files.isExecutable(cfnLint), "install.sh printed '" + install.stdout() + "', not an executable");
    }

    @Test
    void templatePassesCfnLintWithNeitherErrorsNorWarnings() throws Exception {
        // The default layer ARNs are us-east-1's, the region samconfig.toml deploys to.
        Run lint = run(List.of(cfnLint.toString(), "--regions", "us-east-1", "--", TEMPLATE.toString()), 120);

        // Exit codes are a bitmask: 2 errors, 4 warnings, 8 informational (the default rules include none of those).
        assertEquals(0, lint.exitCode(), "cfn-lint " + TEMPLATE + ":\n" + lint.stdout() + lint.stderr());
    }

    @Test
    void theLinterIsTheOnePinnedInRequirementsTxt() throws Exception {
        Run version = run(List.of(cfnLint.toString(), "--version"), 60);

        assertEquals(0, version.exitCode(), version.stderr());
        assertEquals("cfn-lint 1.58.0", version.stdout().strip());
        assertTrue(Files.readString(INSTALL.resolveSibling("requirements.txt")).contains("cfn-lint==1.58.0 \\"));
    }

    @Test
    void aSecondInstallFindsTheEnvironmentAndOnlyPrintsItsPath() throws Exception {
        Run again = run(List.of(DistributeScriptTest.which("bash").toString(), INSTALL.toString()), 60);

        assertEquals(0, again.exitCode(), again.stderr());
        assertEquals(cfnLint.toString(), again.stdout().strip());
        assertEquals("", again.stderr(), "nothing to install, nothing to report");
        assertTrue(again.millis() < 5_000, "took " + again.millis() + " ms");
    }

    @Test
    void aTemplateWithAnErrorFailsTheLint() throws Exception {
        // given the template with a typo the linter knows to be wrong
        String template = Files.readString(TEMPLATE).replace("Tracing: Active", "Tracing: Activ");
        Path broken = Files.createTempFile("template", ".yaml");
        try {
            Files.writeString(broken, template);

            Run lint = run(List.of(cfnLint.toString(), "--regions", "us-east-1", "--", broken.toString()), 120);

            assertEquals(2, lint.exitCode() & 2, lint.stdout() + lint.stderr());
            assertTrue(lint.stdout().contains("'Activ' is not one of"), lint.stdout());
        } finally {
            Files.delete(broken);
        }
    }

    /** cfn-lint 1.54 and newer no longer run the SAM transform; AWS's own translator does, offline. */
    @Test
    void samTransformTurnsTheTemplateIntoTheCloudFormationThatWouldDeploy() throws Exception {
        Run transform = run(List.of(cfnLint.resolveSibling("python").toString(), TRANSFORM.toString(),
                TEMPLATE.toString()), 120);

        assertEquals(0, transform.exitCode(), transform.stderr());
        Map<String, Long> types = new JsonObject(transform.stdout()).getJsonObject("Resources").stream()
                .map(resource -> ((JsonObject) resource.getValue()).getString("Type"))
                .collect(Collectors.groupingBy(type -> type, Collectors.counting()));
        assertEquals(6L, types.get("AWS::Lambda::Function"), types.toString());
        assertEquals(6L, types.get("AWS::ApiGatewayV2::Api"), "one HTTP API per function: " + types);
        assertEquals(1L, types.get("AWS::Lambda::CapacityProvider"), types.toString());
    }

    @Test
    void aServerlessPropertyTheTransformDoesNotKnowFailsIt() throws Exception {
        String template = Files.readString(TEMPLATE).replace("      MemorySize: 2048\n",
                "      MemorySize: 2048\n      MaxConcurrencyPerEnvironment: 16\n");
        Path broken = Files.createTempFile("template", ".yaml");
        try {
            Files.writeString(broken, template);

            Run transform = run(List.of(cfnLint.resolveSibling("python").toString(), TRANSFORM.toString(),
                    broken.toString()), 120);

            assertEquals(1, transform.exitCode(), transform.stdout() + transform.stderr());
            assertTrue(transform.stderr().contains("MaxConcurrencyPerEnvironment not defined"), transform.stderr());
        } finally {
            Files.delete(broken);
        }
    }

    private static Run run(List<String> command, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("cfn-lint", ".out");
        Path err = Files.createTempFile("cfn-lint", ".err");
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(command + " was still running after " + timeoutSeconds + " s:\n" + read(err) + read(out));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Run(process.exitValue(), read(out), read(err), millis);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
