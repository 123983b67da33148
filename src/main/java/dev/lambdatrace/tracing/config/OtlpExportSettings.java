package dev.lambdatrace.tracing.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where and how the flush sends OTLP: the collector's traces URL, extra request headers, and how long a flush may
 * wait. Resolved from this project's keys, the standard OpenTelemetry variables and Quarkus' own OTel keys, with the
 * precedence of the OpenTelemetry specification (signal-specific before generic); a value the function cannot honour
 * fails startup with a message that names it.
 */
public record OtlpExportSettings(URI endpoint, Map<String, String> headers, Duration timeout, boolean gzip) {

    public static final String DEFAULT_ENDPOINT = "http://localhost:4318/v1/traces";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final String TRACES_PATH = "/v1/traces";

    /** A source for an endpoint: its key, and whether {@code /v1/traces} is appended to it. */
    private record EndpointKey(String key, boolean base) {
    }

    // First set wins.
    private static final List<EndpointKey> ENDPOINT_KEYS = List.of(
            new EndpointKey("tracing.endpoint", false),
            new EndpointKey("otel.exporter.otlp.traces.endpoint", false),
            new EndpointKey("quarkus.otel.exporter.otlp.traces.endpoint", true),
            new EndpointKey("otel.exporter.otlp.endpoint", true),
            new EndpointKey("quarkus.otel.exporter.otlp.endpoint", true));
    private static final List<String> HEADER_KEYS = List.of("otel.exporter.otlp.traces.headers",
            "quarkus.otel.exporter.otlp.traces.headers", "otel.exporter.otlp.headers",
            "quarkus.otel.exporter.otlp.headers");
    private static final List<String> TIMEOUT_KEYS = List.of("otel.exporter.otlp.traces.timeout",
            "otel.exporter.otlp.timeout");
    private static final List<String> COMPRESSION_KEYS = List.of("otel.exporter.otlp.traces.compression",
            "quarkus.otel.exporter.otlp.traces.compression", "otel.exporter.otlp.compression",
            "quarkus.otel.exporter.otlp.compression");
    // The connection writes these itself; a configured one would contradict it or corrupt the request.
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type",
            "content-encoding", "transfer-encoding", "connection");
    private static final List<String> PROTOCOL_KEYS = List.of("otel.exporter.otlp.traces.protocol",
            "quarkus.otel.exporter.otlp.traces.protocol", "otel.exporter.otlp.protocol",
            "quarkus.otel.exporter.otlp.protocol");

    /** {@code flushTimeout} is {@code tracing.flush-timeout}, which wins over the OTel timeouts when set. */
    public static OtlpExportSettings resolve(ConfigSource config, Optional<Duration> flushTimeout) {
        checkProtocol(config);
        return new OtlpExportSettings(endpoint(config), headers(config),
                flushTimeout.map(FlushTimeout::checked).orElseGet(() -> timeout(config)), gzip(config));
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

    private static void checkProtocol(ConfigSource config) {
        for (String key : PROTOCOL_KEYS) {
            Optional<String> protocol = config.explicit(key);
            if (protocol.isPresent()) {
                if (!protocol.get().trim().equals("http/protobuf")) {
                    throw new IllegalArgumentException(ConfigSource.describe(key) + " is '" + protocol.get()
                            + "', but this function sends OTLP over http/protobuf only (to the collector layer's port "
                            + "4318). Remove it or set http/protobuf.");
                }
                return;
            }
        }
    }

    private static URI endpoint(ConfigSource config) {
        for (EndpointKey source : ENDPOINT_KEYS) {
            Optional<String> value = config.explicit(source.key());
            if (value.isPresent()) {
                URI uri = parse(source.key(), value.get().trim());
                return source.base() ? withTracesPath(uri) : uri;
            }
        }
        return URI.create(DEFAULT_ENDPOINT);
    }

    private static URI parse(String key, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(ConfigSource.describe(key) + " is not a URL: '" + value + "'");
        }
        if ("https".equals(uri.getScheme())) {
            throw new IllegalArgumentException(ConfigSource.describe(key) + " is '" + value + "', but this function "
                    + "has no TLS: it sends to a collector layer on localhost over plain http://.");
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
        for (String key : TIMEOUT_KEYS) {
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
        return DEFAULT_TIMEOUT;
    }

    // RFC 9110 token characters: what a header name may hold.
    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
