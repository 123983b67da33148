package dev.lambdatrace.tracing.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * Where and how the flush sends OTLP: the collector's traces URL, extra request headers, and how long a flush may
 * wait. Resolved from the standard OpenTelemetry variables and Quarkus' own OTel keys, with the precedence of the
 * OpenTelemetry specification (signal-specific before generic); a value the flush cannot honour fails startup with a
 * message that names it.
 *
 * @param substitution what was sent otherwise than set, for one INFO line at startup (grpc is sent as
 *        http/protobuf to the collector's OTLP/HTTP port), or null
 */
public record OtlpExportSettings(URI endpoint, Map<String, String> headers, Duration timeout, boolean gzip,
        String substitution) {

    public static final String DEFAULT_ENDPOINT = "http://localhost:4318/v1/traces";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final String TRACES_PATH = "/v1/traces";
    // The ports every OTLP receiver listens on by convention, the collector layers' among them.
    static final int GRPC_PORT = 4317;
    static final int HTTP_PORT = 4318;

    /** A source for an endpoint: its key, and whether {@code /v1/traces} is appended to it. */
    private record EndpointKey(String key, boolean base) {
    }

    /** A protocol setting: which key set what, or Quarkus' default for an endpoint that a Quarkus key names. */
    private record Protocol(String key, String value, boolean implied) {
        String describe() {
            return implied ? ConfigSource.describe(key) + ", unset, so Quarkus' default," : ConfigSource.describe(key);
        }
    }

    // First set wins.
    private static final List<EndpointKey> ENDPOINT_KEYS = List.of(
            new EndpointKey("otel.exporter.otlp.traces.endpoint", false),
            new EndpointKey("quarkus.otel.exporter.otlp.traces.endpoint", true),
            new EndpointKey("otel.exporter.otlp.endpoint", true),
            new EndpointKey("quarkus.otel.exporter.otlp.endpoint", true));
    private static final List<String> HEADER_KEYS = List.of("otel.exporter.otlp.traces.headers",
            "quarkus.otel.exporter.otlp.traces.headers", "otel.exporter.otlp.headers",
            "quarkus.otel.exporter.otlp.headers");
    // The OTel variables are milliseconds; Quarkus' keys are durations (10s, PT10S; a bare number is seconds).
    private static final List<String> MILLISECOND_TIMEOUT_KEYS = List.of("otel.exporter.otlp.traces.timeout",
            "otel.exporter.otlp.timeout");
    private static final List<String> DURATION_TIMEOUT_KEYS = List.of("quarkus.otel.exporter.otlp.traces.timeout",
            "quarkus.otel.exporter.otlp.timeout");
    private static final List<String> COMPRESSION_KEYS = List.of("otel.exporter.otlp.traces.compression",
            "quarkus.otel.exporter.otlp.traces.compression", "otel.exporter.otlp.compression",
            "quarkus.otel.exporter.otlp.compression");
    // The connection writes these itself; a configured one would contradict it or corrupt the request.
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type",
            "content-encoding", "transfer-encoding", "connection");
    private static final List<String> PROTOCOL_KEYS = List.of("otel.exporter.otlp.traces.protocol",
            "quarkus.otel.exporter.otlp.traces.protocol", "otel.exporter.otlp.protocol",
            "quarkus.otel.exporter.otlp.protocol");

    /** {@code flushTimeout} is {@code quarkus.lambda-tracing.flush-timeout}, which wins over the OTLP timeouts. */
    public static OtlpExportSettings resolve(ConfigSource config, Optional<Duration> flushTimeout) {
        Optional<EndpointChoice> configured = configuredEndpoint(config);
        // Quarkus sends to its own endpoint keys over grpc unless told otherwise; the OTel variables mean http/protobuf.
        Optional<Protocol> protocol = protocol(config).or(() -> configured
                .filter(endpoint -> endpoint.key().startsWith("quarkus."))
                .map(endpoint -> new Protocol("quarkus.otel.exporter.otlp.protocol", "grpc", true)));
        URI endpoint = configured.map(EndpointChoice::uri).orElse(URI.create(DEFAULT_ENDPOINT));
        String substitution = null;
        if (protocol.isPresent() && protocol.get().value().equals("grpc")) {
            endpoint = httpPortFor(protocol.get(), configured, endpoint);
            substitution = protocol.get().describe() + " is grpc: spans are sent over http/protobuf "
                    + "to " + endpoint + ", the same collector's OTLP/HTTP port (the collector layers listen on "
                    + GRPC_PORT + " and " + HTTP_PORT + "); metrics and logs keep grpc.";
        }
        return new OtlpExportSettings(endpoint, headers(config),
                flushTimeout.map(FlushTimeout::checked).orElseGet(() -> timeout(config)), gzip(config), substitution);
    }

    /** The specification's two values: {@code gzip}, or {@code none} (its default); anything else stops startup. */
    private static boolean gzip(ConfigSource config) {
        for (String key : COMPRESSION_KEYS) {
            Optional<String> value = config.explicit(key);
            if (value.isPresent()) {
                return switch (value.get().trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "gzip" -> true;
                    case "none" -> false;
                    default -> throw new IllegalArgumentException(ConfigSource.describe(key) + " is '" + value.get()
                            + "', but OTLP exporters support gzip or none only.");
                };
            }
        }
        return false;
    }

    /**
     * The protocol set, if any: {@code http/protobuf}, or {@code grpc} (Quarkus' default, which its applications often
     * write out), sent as http/protobuf to the same collector's OTLP/HTTP port. {@code http/json} is refused: the
     * flush writes protobuf only.
     */
    private static Optional<Protocol> protocol(ConfigSource config) {
        for (String key : PROTOCOL_KEYS) {
            Optional<String> value = config.explicit(key);
            if (value.isPresent()) {
                String protocol = value.get().trim();
                if (!protocol.equals("http/protobuf") && !protocol.equals("grpc")) {
                    throw new IllegalArgumentException(ConfigSource.describe(key) + " is '" + value.get()
                            + "', but the flush sends OTLP as http/protobuf (or, for grpc, http/protobuf to the "
                            + "collector's port " + HTTP_PORT + "). Remove it or set http/protobuf.");
                }
                return Optional.of(new Protocol(key, protocol, false));
            }
        }
        return Optional.empty();
    }

    /**
     * For grpc: the collector's OTLP/HTTP endpoint on the same host. An endpoint on the gRPC port moves to the HTTP
     * port; one on another port cannot be guessed, and stops startup naming both settings.
     */
    private static URI httpPortFor(Protocol protocol, Optional<EndpointChoice> configured, URI endpoint) {
        if (configured.isEmpty()) {
            return endpoint;
        }
        URI uri = configured.get().uri();
        if (uri.getPort() == HTTP_PORT) {
            return uri;
        }
        if (uri.getPort() != GRPC_PORT) {
            throw new IllegalArgumentException(protocol.describe() + " is grpc with "
                    + ConfigSource.describe(configured.get().key()) + " = " + configured.get().value()
                    + ": the flush sends http/protobuf, and cannot tell that collector's OTLP/HTTP port. Set the "
                    + "endpoint to its OTLP/HTTP address (port " + HTTP_PORT + " by convention) with http/protobuf.");
        }
        String path = configured.get().base() ? TRACES_PATH : uri.getRawPath();
        return URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + HTTP_PORT + path);
    }

    /** The endpoint a user set, and where. */
    private record EndpointChoice(String key, String value, URI uri, boolean base) {
    }

    private static Optional<EndpointChoice> configuredEndpoint(ConfigSource config) {
        for (EndpointKey source : ENDPOINT_KEYS) {
            Optional<String> value = config.explicit(source.key());
            if (value.isPresent()) {
                URI uri = parse(source.key(), value.get().trim());
                return Optional.of(new EndpointChoice(source.key(), value.get().trim(),
                        source.base() ? withTracesPath(uri) : uri, source.base()));
            }
        }
        return Optional.empty();
    }

    private static URI parse(String key, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(ConfigSource.describe(key) + " is not a URL: '" + value + "'");
        }
        if ("https".equals(uri.getScheme())) {
            throw new IllegalArgumentException(ConfigSource.describe(key) + " is '" + value + "', but the flush "
                    + "has no TLS: it sends to a collector layer on localhost over plain http://. Export to a "
                    + "collector layer, or over UDP to X-Ray with QUARKUS_LAMBDA_TRACING_EXPORTER=xray-udp.");
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(ConfigSource.describe(key) + " must be an http:// URL with a host, not '"
                    + value + "'");
        }
        return uri;
    }
    /** The specification's rule for a base endpoint: the signal's path is appended. */
    static URI withTracesPath(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        if (path.endsWith(TRACES_PATH)) {
            return base;
        }
        String joined = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + TRACES_PATH;
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + joined);
    }

    private static Map<String, String> headers(ConfigSource config) {
        for (String key : HEADER_KEYS) {
            Optional<String> value = config.explicit(key);
            if (value.isPresent()) {
                return parseHeaders(key, value.get());
            }
        }
        return Map.of();
    }

    /** Header names must be HTTP tokens, values free of line breaks, and none may be one the connection writes. */
    static Map<String, String> parseHeaders(String key, String list) {
        Map<String, String> headers = KeyValueList.parse(key, list);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (!name.chars().allMatch(OtlpExportSettings::isTokenChar)) {
                throw new IllegalArgumentException(ConfigSource.describe(key) + ": '" + name
                        + "' is not a valid HTTP header name");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException(ConfigSource.describe(key) + " sets " + name
                        + ", which the function writes itself on every export; remove it.");
            }
            if (header.getValue().indexOf('\r') >= 0 || header.getValue().indexOf('\n') >= 0) {
                throw new IllegalArgumentException(ConfigSource.describe(key) + ": the value of '" + name
                        + "' holds a line break");
            }
        }
        return Map.copyOf(headers);
    }

    private static Duration timeout(ConfigSource config) {
        for (String key : MILLISECOND_TIMEOUT_KEYS) {
            Optional<String> value = config.explicit(key);
            if (value.isPresent()) {
                try {
                    long millis = Long.parseLong(value.get().trim());
                    if (millis > 0) {
                        return Duration.ofMillis(millis);
                    }
                } catch (NumberFormatException e) {
                    // Reported below.
                }
                throw new IllegalArgumentException(ConfigSource.describe(key) + " must be a positive number of "
                        + "milliseconds, not '" + value.get() + "'");
            }
        }
        for (String key : DURATION_TIMEOUT_KEYS) {
            Optional<String> value = config.explicit(key);
            if (value.isPresent()) {
                Duration timeout;
                try {
                    timeout = DurationConverter.parseDuration(value.get().trim());
                } catch (IllegalArgumentException e) {
                    timeout = null;
                }
                if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                    throw new IllegalArgumentException(ConfigSource.describe(key) + " must be a positive duration "
                            + "such as 500ms or 1s, not '" + value.get() + "'");
                }
                return timeout;
            }
        }
        return DEFAULT_TIMEOUT;
    }

    // RFC 9110 token characters: what a header name may hold.
    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
