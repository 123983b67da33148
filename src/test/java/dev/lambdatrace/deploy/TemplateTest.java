package dev.lambdatrace.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SAM template's invariants: the test it re-creates depends on them.
 */
class TemplateTest {

    static final Path DEPLOY = Path.of("deploy");
    static Map<String, Object> template;

    @BeforeAll
    static void parse() throws IOException {
        template = CloudFormationYaml.load(DEPLOY.resolve("template.yaml"));
    }

    @Test
    void bothFunctionsRunTheSameNativeZipOnProvidedAl2023() {
        Map<String, Object> globals = map(map(template, "Globals"), "Function");
        assertEquals("../target/function.zip", globals.get("CodeUri"));
        assertEquals("provided.al2023", globals.get("Runtime"));
        for (String function : functions()) {
            Map<String, Object> properties = properties(function);
            assertFalse(properties.containsKey("CodeUri"), function + " must not override the shared CodeUri");
            assertFalse(properties.containsKey("Runtime"), function + " must not override the shared runtime");
        }
        assertTrue(Files.exists(DEPLOY.resolve("../pom.xml")), "CodeUri is relative to deploy/");
    }

    @Test
    void memoryConcurrencyAndTracingAreThoseOfTheOriginalTest() {
        Map<String, Object> globals = map(map(template, "Globals"), "Function");
        assertEquals(Map.of("Ref", "MemorySize"), globals.get("MemorySize"));
        assertEquals(512, map(map(template, "Parameters"), "MemorySize").get("Default"));
        assertEquals("Active", globals.get("Tracing"));
        assertEquals(1, map(map(template, "Parameters"), "ReservedConcurrency").get("Default"));
        assertEquals(Map.of("Fn::If", List.of("ReserveConcurrency", Map.of("Ref", "ReservedConcurrency"),
                Map.of("Ref", "AWS::NoValue"))), globals.get("ReservedConcurrentExecutions"));
        assertEquals(List.of(Map.of("Ref", "Architecture")), globals.get("Architectures"));
        assertEquals(List.of("x86_64", "arm64"), map(map(template, "Parameters"), "Architecture").get("AllowedValues"));
        for (String function : functions()) {
            Map<String, Object> properties = properties(function);
            for (String shared : List.of("MemorySize", "Tracing", "ReservedConcurrentExecutions", "Architectures")) {
                assertFalse(properties.containsKey(shared), function + " must not override " + shared);
            }
        }
    }

    @Test
    void threeFunctionsRunTheThreeRoles() {
        assertEquals(List.of("TracedFunction", "BaselineFunction", "TracedUdpFunction"), functions());
    }

    @Test
    void onlyTracedHasTheCollectorLayerAndEveryFunctionHasInsights() {
        assertEquals(List.of(Map.of("Ref", "InsightsLayerArn"), Map.of("Ref", "CollectorLayerArn")),
                properties("TracedFunction").get("Layers"));
        assertEquals(List.of(Map.of("Ref", "InsightsLayerArn")), properties("BaselineFunction").get("Layers"));
        assertEquals(List.of(Map.of("Ref", "InsightsLayerArn")), properties("TracedUdpFunction").get("Layers"));
        for (String function : functions()) {
            assertTrue(list(properties(function), "Policies").contains("CloudWatchLambdaInsightsExecutionRolePolicy"),
                    function);
        }
        assertTrue(list(properties("TracedFunction"), "Policies").contains("AWSXrayWriteOnlyAccess"),
                "the collector's awsxray exporter needs X-Ray write access");
    }

    @Test
    void baselineTurnsTracingOffWithTheFunctionsOwnSwitch() {
        Map<String, Object> variables = map(map(properties("BaselineFunction"), "Environment"), "Variables");
        assertEquals("true", variables.get("QUARKUS_OTEL_SDK_DISABLED"));
        Map<String, Object> traced = map(map(properties("TracedFunction"), "Environment"), "Variables");
        assertFalse(traced.containsKey("QUARKUS_OTEL_SDK_DISABLED"));
        assertEquals("http://localhost:4318/v1/traces", traced.get("TRACING_ENDPOINT"));
    }

    @Test
    void flushModeIsAParameterOfTheTracedFunctionOnlyAndDefaultsToBeforeTheResponse() {
        Map<String, Object> parameter = map(map(template, "Parameters"), "FlushMode");
        assertEquals("before-response", parameter.get("Default"));
        assertEquals(List.of("before-response", "after-response"), parameter.get("AllowedValues"));
        Map<String, Object> traced = map(map(properties("TracedFunction"), "Environment"), "Variables");
        assertEquals(Map.of("Ref", "FlushMode"), traced.get("TRACING_FLUSH"));
        Map<String, Object> udp = map(map(properties("TracedUdpFunction"), "Environment"), "Variables");
        assertFalse(udp.containsKey("TRACING_FLUSH"), "over UDP nothing is waited for");
    }

    @Test
    void tracedUdpSendsToTheXrayDaemonWithoutACollector() {
        Map<String, Object> variables = map(map(properties("TracedUdpFunction"), "Environment"), "Variables");
        assertEquals("xray-udp", variables.get("TRACING_EXPORTER"));
        assertFalse(variables.containsKey("OPENTELEMETRY_COLLECTOR_CONFIG_URI"));
        assertFalse(variables.containsKey("QUARKUS_OTEL_SDK_DISABLED"));
    }

    // The daemon writes the UDP spans with the function's role, and SAM adds X-Ray write access for Tracing: Active
    // only to a role it creates itself: none may be named.
    @Test
    void samCreatesEveryFunctionsRoleSoThatTracingActiveBringsXrayWriteAccess() {
        assertFalse(map(map(template, "Globals"), "Function").containsKey("Role"));
        for (String function : functions()) {
            assertFalse(properties(function).containsKey("Role"), function);
        }
    }

    @Test
    void eachFunctionAnswersGetRootOnItsOwnHttpApi() {
        for (String api : List.of("TracedApi", "BaselineApi", "TracedUdpApi")) {
            assertEquals("AWS::Serverless::HttpApi", map(resources(), api).get("Type"));
        }
        for (String[] pair : new String[][] { { "TracedFunction", "TracedApi" }, { "BaselineFunction", "BaselineApi" },
                { "TracedUdpFunction", "TracedUdpApi" } }) {
            Map<String, Object> event = map(map(map(properties(pair[0]), "Events"), "Get"), "Properties");
            assertEquals(Map.of("Ref", pair[1]), event.get("ApiId"));
            assertEquals("GET", event.get("Method"));
            assertEquals("/", event.get("Path"));
        }
    }

    @Test
    void outputsNameEveryUrlAndEveryFunction() {
        Map<String, Object> outputs = map(template, "Outputs");
        for (String output : List.of("TracedUrl", "BaselineUrl", "TracedUdpUrl", "TracedFunctionName",
                "BaselineFunctionName", "TracedUdpFunctionName")) {
            assertTrue(outputs.containsKey(output), output);
        }
        assertEquals(Map.of("Fn::Sub", "https://${TracedApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/"),
                map(outputs, "TracedUrl").get("Value"));
        assertEquals(Map.of("Ref", "BaselineFunction"), map(outputs, "BaselineFunctionName").get("Value"));
    }

    @Test
    void collectorConfigTheFunctionPointsToIsAtTheTopOfTheZip() throws IOException {
        // given: Lambda unpacks function.zip in /var/task, and the native build copies src/main/zip.native into it
        String uri = (String) map(map(properties("TracedFunction"), "Environment"), "Variables")
                .get("OPENTELEMETRY_COLLECTOR_CONFIG_URI");
        assertTrue(uri.startsWith("/var/task/"), uri);
        Path inZip = Path.of("src/main/zip.native").resolve(uri.substring("/var/task/".length()));

        // then
        assertTrue(Files.isRegularFile(inZip), inZip + " must exist (it links to deploy/collector.yaml)");
        assertArrayEquals(Files.readAllBytes(DEPLOY.resolve("collector.yaml")), Files.readAllBytes(inZip));
    }

    @Test
    void collectorConfigFeedsOtlpOnLocalhostToXrayWithNoProcessors() throws IOException {
        Map<String, Object> config = CloudFormationYaml.load(DEPLOY.resolve("collector.yaml"));
        Map<String, Object> protocols = map(map(map(config, "receivers"), "otlp"), "protocols");
        assertEquals("localhost:4318", map(protocols, "http").get("endpoint"));
        assertEquals("localhost:4317", map(protocols, "grpc").get("endpoint"));
        assertTrue(map(config, "exporters").containsKey("awsxray"));
        Map<String, Object> traces = map(map(map(config, "service"), "pipelines"), "traces");
        assertEquals(List.of("otlp"), traces.get("receivers"));
        assertEquals(List.of("awsxray"), traces.get("exporters"));
        assertFalse(traces.containsKey("processors"), "the ADOT layer ships no processors");
    }

    @Test
    void decoupleConfigPutsDecoupleLastAfterBatch() throws IOException {
        Map<String, Object> config = CloudFormationYaml.load(DEPLOY.resolve("collector-decouple.yaml"));
        Map<String, Object> traces = map(map(map(config, "service"), "pipelines"), "traces");
        assertEquals(List.of("batch", "decouple"), traces.get("processors"));
    }

    static List<String> functions() {
        return resources().entrySet().stream()
                .filter(entry -> "AWS::Serverless::Function".equals(map(resources(), entry.getKey()).get("Type")))
                .map(Map.Entry::getKey).toList();
    }

    static Map<String, Object> resources() {
        return map(template, "Resources");
    }

    static Map<String, Object> properties(String resource) {
        return map(map(resources(), resource), "Properties");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof Map, key + " is not a mapping: " + value);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof List, key + " is not a list: " + value);
        return (List<Object>) value;
    }
}
