package dev.lambdatrace.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.lambdatrace.tools.ProjectTools;

/**
 * The SAM template's invariants: the test it re-creates depends on them. Whether the template is valid CloudFormation
 * and SAM (property names, types, enums, references, conditions) is cfn-lint's business (TemplateLintTest); this
 * checks what the linter cannot know: one zip for every Java role, the original test's settings on every function,
 * the same event for every function, which layers and environment make each role, and the seed pair behind its
 * switch.
 */
class TemplateTest {

    static final Path DEPLOY = ProjectTools.repositoryRoot().resolve("deploy");
    static final List<String> JAVA_FUNCTIONS = List.of("TracedFunction", "BaselineFunction", "TracedUdpFunction",
            "TracedLmiFunction");
    // Lambda Managed Instances take their own memory (2 GB per vCPU at least) and concurrency (per environment).
    static final String MANAGED_INSTANCES_FUNCTION = "TracedLmiFunction";
    static final List<String> SEED_FUNCTIONS = List.of("SeedAdotFunction", "SeedBaselineFunction");
    static final String ORIGINAL_HANDLER = "def handler(event, context):\n    return {\"statusCode\": 200}\n";
    static Map<String, Object> template;

    @BeforeAll
    static void parse() throws IOException {
        template = CloudFormationYaml.load(DEPLOY.resolve("template.yaml"));
    }

    /** A variable the extension does not know would be ignored on Lambda, silently: each one the stack sets is a key. */
    @Test
    void everyExtensionVariableTheStackSetsIsAKeyTheExtensionReads() {
        java.util.Set<String> known = java.util.Arrays.stream(
                dev.lambdatrace.tracing.config.LambdaTracingConfig.class.getDeclaredMethods())
                .map(method -> "QUARKUS_LAMBDA_TRACING_"
                        + method.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toSet());
        for (String function : JAVA_FUNCTIONS) {
            for (String variable : variables(function).keySet()) {
                if (variable.startsWith("QUARKUS_LAMBDA_TRACING_")) {
                    assertTrue(known.contains(variable), function + " sets " + variable + "; the extension reads "
                            + known);
                }
            }
        }
    }

    @Test
    void sixFunctionsRunTheSixRoles() {
        assertEquals(List.of("TracedFunction", "BaselineFunction", "TracedUdpFunction", "SeedAdotFunction",
                "SeedBaselineFunction", "TracedLmiFunction"), functions());
    }

    @Test
    void everyJavaFunctionRunsTheSameNativeZipOnProvidedAl2023() {
        Map<String, Object> globals = globals();
        assertEquals("../src/function/target/function.zip", globals.get("CodeUri"));
        assertEquals("provided.al2023", globals.get("Runtime"));
        for (String function : JAVA_FUNCTIONS) {
            Map<String, Object> properties = properties(function);
            for (String shared : List.of("CodeUri", "Runtime", "Handler")) {
                assertFalse(properties.containsKey(shared), function + " must not override the shared " + shared);
            }
        }
        assertTrue(Files.exists(DEPLOY.resolve("../pom.xml")), "CodeUri is relative to deploy/");
    }

    @Test
    void theSeedPairRunsTheOriginalTestsEmptyHandlerFromOneDirectoryOnOnePythonRuntime() throws IOException {
        for (String function : SEED_FUNCTIONS) {
            Map<String, Object> properties = properties(function);
            assertEquals("seed/", properties.get("CodeUri"), function);
            assertEquals("handler.handler", properties.get("Handler"), function);
            assertEquals(properties(SEED_FUNCTIONS.get(0)).get("Runtime"), properties.get("Runtime"), function);
        }
        // Lambda has retired python3.8, the original's; the seed takes the newest that the ADOT layer lists.
        assertEquals("python3.14", properties("SeedAdotFunction").get("Runtime"));
        assertEquals(ORIGINAL_HANDLER, Files.readString(DEPLOY.resolve("seed/handler.py")));
        try (var files = Files.list(DEPLOY.resolve("seed"))) {
            assertEquals(List.of("handler.py"), files.map(file -> file.getFileName().toString()).toList(),
                    "SAM zips the whole directory; nothing else belongs in it");
        }
    }

    @Test
    void memoryConcurrencyTracingAndTimeoutAreThoseOfTheOriginalTestOnEveryFunction() {
        Map<String, Object> globals = globals();
        assertEquals(Map.of("Ref", "MemorySize"), globals.get("MemorySize"));
        assertEquals(512, parameter("MemorySize").get("Default"));
        assertEquals("Active", globals.get("Tracing"));
        assertEquals(15, globals.get("Timeout"));
        assertEquals(1, parameter("ReservedConcurrency").get("Default"));
        assertEquals(Map.of("Fn::If", List.of("ReserveConcurrency", Map.of("Ref", "ReservedConcurrency"),
                Map.of("Ref", "AWS::NoValue"))), globals.get("ReservedConcurrentExecutions"));
        assertEquals(List.of(Map.of("Ref", "Architecture")), globals.get("Architectures"));
        assertEquals(List.of("x86_64", "arm64"), parameter("Architecture").get("AllowedValues"));
        for (String function : functions()) {
            Map<String, Object> properties = properties(function);
            List<String> shared = function.equals(MANAGED_INSTANCES_FUNCTION)
                    ? List.of("Tracing", "Timeout", "Architectures")
                    : List.of("MemorySize", "Tracing", "Timeout", "ReservedConcurrentExecutions", "Architectures");
            for (String setting : shared) {
                assertFalse(properties.containsKey(setting), function + " must not override " + setting);
            }
        }
    }

    @Test
    void managedInstancesFunctionRunsTheUdpExporterOnACapacityProviderWithNoExtensionThatCouldAskForInvoke() {
        Map<String, Object> properties = properties(MANAGED_INSTANCES_FUNCTION);
        assertEquals(2048, properties.get("MemorySize"), "Managed Instances take 2 GB per vCPU at least");
        assertEquals(List.of("ReservedConcurrentExecutions"),
                map(resources(), MANAGED_INSTANCES_FUNCTION).get("IgnoreGlobals"));
        assertEquals(ref("ManagedInstancesMaxConcurrency"), map(properties, "CapacityProviderConfig")
                .get("PerExecutionEnvironmentMaxConcurrency"));
        assertEquals(Map.of("QUARKUS_LAMBDA_TRACING_EXPORTER", "xray-udp"), variables(MANAGED_INSTANCES_FUNCTION),
                "the background export is the default there; xray-udp needs no collector layer");
        assertFalse(properties.containsKey("Layers"),
                "an external extension that asks for INVOKE fails the environment");
        assertEquals("AWS::Serverless::CapacityProvider", map(resources(), "TracedLmiCapacityProvider").get("Type"));
    }

    @Test
    void managedInstancesAreOffByDefaultAndEverythingOfThemSitsBehindTheirSwitch() {
        assertEquals("false", parameter("ManagedInstances").get("Default"));
        assertEquals(Map.of("Fn::Equals", List.of(ref("ManagedInstances"), "true")),
                map(template, "Conditions").get("DeployManagedInstances"));
        for (String resource : resources().keySet()) {
            if (resource.startsWith("TracedLmi")) {
                assertEquals("DeployManagedInstances", map(resources(), resource).get("Condition"), resource);
            }
        }
        Map<String, Object> outputs = map(template, "Outputs");
        for (String output : outputs.keySet()) {
            if (output.startsWith("TracedLmi")) {
                assertEquals("DeployManagedInstances", map(outputs, output).get("Condition"), output);
            }
        }
    }

    @Test
    void eachClassicRoleHasItsLayersAndInsights() {
        Map<String, List<Object>> layers = Map.of(
                "TracedFunction", List.of(ref("InsightsLayerArn"), ref("CollectorLayerArn")),
                "BaselineFunction", List.of(ref("InsightsLayerArn")),
                "TracedUdpFunction", List.of(ref("InsightsLayerArn")),
                "SeedAdotFunction", List.of(ref("InsightsLayerArn"), ref("AdotPythonLayerArn"),
                        ref("SeedCollectorLayerArn")),
                "SeedBaselineFunction", List.of(ref("InsightsLayerArn")));
        for (String function : functions()) {
            if (function.equals(MANAGED_INSTANCES_FUNCTION)) {
                continue;
            }
            assertEquals(layers.get(function), properties(function).get("Layers"), function);
            assertTrue(list(properties(function), "Policies").contains("CloudWatchLambdaInsightsExecutionRolePolicy"),
                    function);
        }
        for (String function : List.of("TracedFunction", "SeedAdotFunction")) {
            assertTrue(list(properties(function), "Policies").contains("AWSXrayWriteOnlyAccess"),
                    function + ": the collector's awsxray exporter needs X-Ray write access");
        }
    }

    @Test
    void baselineTurnsTracingOffWithTheFunctionsOwnSwitch() {
        assertEquals("true", variables("BaselineFunction").get("QUARKUS_OTEL_SDK_DISABLED"));
        Map<String, Object> traced = variables("TracedFunction");
        assertFalse(traced.containsKey("QUARKUS_OTEL_SDK_DISABLED"));
        assertEquals("http://localhost:4318/v1/traces", traced.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    }

    @Test
    void flushModeIsAParameterOfTheTracedFunctionOnlyAndDefaultsToBeforeTheResponse() {
        Map<String, Object> parameter = parameter("FlushMode");
        assertEquals("before-response", parameter.get("Default"));
        assertEquals(List.of("before-response", "after-response"), parameter.get("AllowedValues"));
        assertEquals(Map.of("Ref", "FlushMode"), variables("TracedFunction").get("QUARKUS_LAMBDA_TRACING_FLUSH"));
        assertFalse(variables("TracedUdpFunction").containsKey("QUARKUS_LAMBDA_TRACING_FLUSH"), "over UDP nothing is waited for");
    }

    @Test
    void tracedUdpSendsToTheXrayDaemonWithoutACollector() {
        Map<String, Object> variables = variables("TracedUdpFunction");
        assertEquals("xray-udp", variables.get("QUARKUS_LAMBDA_TRACING_EXPORTER"));
        assertFalse(variables.containsKey("OPENTELEMETRY_COLLECTOR_CONFIG_URI"));
        assertFalse(variables.containsKey("QUARKUS_OTEL_SDK_DISABLED"));
    }

    // The daemon writes the UDP spans with the function's role, and SAM adds X-Ray write access for Tracing: Active
    // only to a role it creates itself: none may be named.
    @Test
    void samCreatesEveryFunctionsRoleSoThatTracingActiveBringsXrayWriteAccess() {
        assertFalse(globals().containsKey("Role"));
        for (String function : functions()) {
            assertFalse(properties(function).containsKey("Role"), function);
        }
    }

    // HTTP APIs pass the full path, so one API with a path per function would hand each a different event.
    @Test
    void eachFunctionAnswersGetRootOnItsOwnIdenticalHttpApiSoEveryFunctionGetsTheSameEvent() {
        Set<Object> apis = new HashSet<>();
        for (String function : functions()) {
            String api = function.replaceFirst("Function$", "Api");
            Map<String, Object> resource = map(resources(), api);
            assertEquals("AWS::Serverless::HttpApi", resource.get("Type"), api);
            assertFalse(resource.containsKey("Properties"), api + ": every API keeps SAM's defaults, so all are alike");
            Map<String, Object> events = map(properties(function), "Events");
            assertEquals(Set.of("Get"), events.keySet(), function);
            assertEquals("HttpApi", map(events, "Get").get("Type"), function);
            Map<String, Object> event = map(map(events, "Get"), "Properties");
            assertEquals(Map.of("ApiId", ref(api), "Method", "GET", "Path", "/"), event, function);
            assertTrue(apis.add(event.get("ApiId")), function + " shares an API");
        }
    }

    // distribute.sh drives every *Url output and report.sh reports every *FunctionName one, labelled by the key.
    @Test
    void everyFunctionHasItsUrlAndNameOutputsAndALogGroupThatGoesWithTheStack() {
        Map<String, Object> outputs = map(template, "Outputs");
        for (String function : functions()) {
            String role = function.replaceFirst("Function$", "");
            assertEquals(Map.of("Fn::Sub", "https://${" + role + "Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/"),
                    map(outputs, role + "Url").get("Value"), role);
            assertEquals(ref(function), map(outputs, role + "FunctionName").get("Value"), role);
            Map<String, Object> logGroup = map(resources(), role + "LogGroup");
            assertEquals("AWS::Logs::LogGroup", logGroup.get("Type"));
            assertEquals("Delete", logGroup.get("DeletionPolicy"), role);
            assertEquals(Map.of("Fn::Sub", "/aws/lambda/${" + function + "}"),
                    map(logGroup, "Properties").get("LogGroupName"), role + ": report.sh queries this group");
        }
        assertEquals(functions().size() * 2, outputs.size(), "one *Url and one *FunctionName per function");
    }

    @Test
    void theSeedPairIsOffByDefaultAndEverythingOfItSitsBehindTheSeedSwitch() {
        Map<String, Object> seed = parameter("Seed");
        assertEquals("false", seed.get("Default"));
        assertEquals(List.of("false", "true"), seed.get("AllowedValues"));
        assertEquals(Map.of("Fn::Equals", List.of(ref("Seed"), "true")), map(template, "Conditions").get("DeploySeed"));
        for (Map.Entry<String, Object> resource : resources().entrySet()) {
            Object condition = map(resources(), resource.getKey()).get("Condition");
            if (!resource.getKey().startsWith("TracedLmi")) {
                assertEquals(resource.getKey().startsWith("Seed") ? "DeploySeed" : null, condition, resource.getKey());
            }
        }
        Map<String, Object> outputs = map(template, "Outputs");
        for (String output : outputs.keySet()) {
            if (!output.startsWith("TracedLmi")) {
                assertEquals(output.startsWith("Seed") ? "DeploySeed" : null, map(outputs, output).get("Condition"),
                        output);
            }
        }
    }

    // The original: ADOT Python traced over OTLP to the collector extension, which exported to X-Ray with no
    // processors; Application Signals did not exist yet.
    @Test
    void seedAdotIsTheAdotPythonLayerTracingToTheAdotCollectorLikeTheOriginal() {
        Map<String, Object> variables = variables("SeedAdotFunction");
        assertEquals(Map.of("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-instrument",
                "OTEL_AWS_APPLICATION_SIGNALS_ENABLED", "false",
                "OTEL_PYTHON_DISTRO", "aws_distro",
                "OTEL_PYTHON_CONFIGURATOR", "aws_configurator",
                "OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://localhost:4318/v1/traces"), variables);
        assertTrue(String.valueOf(parameter("AdotPythonLayerArn").get("Default"))
                .matches("arn:aws:lambda:us-east-1:615299751070:layer:AWSOpenTelemetryDistroPython:\\d+"));
        // The seed keeps the ADOT collector even when the traced function tries the upstream one.
        assertEquals(parameter("CollectorLayerArn").get("Default"), parameter("SeedCollectorLayerArn").get("Default"));
        assertTrue(String.valueOf(parameter("SeedCollectorLayerArn").get("Default"))
                .contains(":901920570463:layer:aws-otel-collector-"));
        assertFalse(properties("SeedBaselineFunction").containsKey("Environment"), "the baseline has no tracing");
    }

    @Test
    void everyCollectorConfigTheTracedFunctionCanNameShipsHereAndTheDefaultIsAtTheTopOfTheZip() throws IOException {
        // given: Lambda unpacks function.zip in /var/task, and the native build copies src/main/zip.native into it
        Map<String, Object> variables = variables("TracedFunction");
        assertEquals(Map.of("Fn::Sub", "/var/task/${CollectorConfig}"),
                variables.get("OPENTELEMETRY_COLLECTOR_CONFIG_URI"));
        Map<String, Object> parameter = parameter("CollectorConfig");
        assertEquals("collector.yaml", parameter.get("Default"));
        // then: each config the parameter allows is in deploy/ and ships in the zip as it is there
        for (Object config : (List<?>) parameter.get("AllowedValues")) {
            assertTrue(Files.isRegularFile(DEPLOY.resolve((String) config)), config + " must be in deploy/");
            Path inZip = Path.of("src/main/zip.native").resolve((String) config);
            assertTrue(Files.isRegularFile(inZip), inZip + " must exist (it links to deploy/" + config + ")");
            assertArrayEquals(Files.readAllBytes(DEPLOY.resolve((String) config)), Files.readAllBytes(inZip));
        }
    }

    @Test
    void theBackendOfTheDecoupleConfigIsAParameterLeftUnsetWhenEmpty() throws IOException {
        assertEquals("", parameter("OtlpBackendEndpoint").get("Default"));
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(ref("OtlpBackendEndpoint"), "")))),
                map(template, "Conditions").get("HasOtlpBackend"));
        assertEquals(Map.of("Fn::If", List.of("HasOtlpBackend", ref("OtlpBackendEndpoint"), ref("AWS::NoValue"))),
                variables("TracedFunction").get("OTLP_BACKEND_ENDPOINT"));
        Map<String, Object> config = CloudFormationYaml.load(DEPLOY.resolve("collector-decouple.yaml"));
        assertEquals("${env:OTLP_BACKEND_ENDPOINT}", map(map(config, "exporters"), "otlphttp").get("endpoint"));
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
        return resources().keySet().stream()
                .filter(name -> "AWS::Serverless::Function".equals(map(resources(), name).get("Type"))).toList();
    }

    static Map<String, Object> ref(String name) {
        return Map.of("Ref", name);
    }

    static Map<String, Object> globals() {
        return map(map(template, "Globals"), "Function");
    }

    static Map<String, Object> resources() {
        return map(template, "Resources");
    }

    static Map<String, Object> parameter(String name) {
        return map(map(template, "Parameters"), name);
    }

    static Map<String, Object> properties(String resource) {
        return map(map(resources(), resource), "Properties");
    }

    static Map<String, Object> variables(String function) {
        return map(map(properties(function), "Environment"), "Variables");
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
