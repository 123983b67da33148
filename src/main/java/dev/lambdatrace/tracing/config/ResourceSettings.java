package dev.lambdatrace.tracing.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The resource attributes a user sets with the standard variables: {@code OTEL_RESOURCE_ATTRIBUTES} and
 * {@code OTEL_SERVICE_NAME}, which wins over a {@code service.name} among the attributes. Quarkus' own keys
 * ({@code quarkus.otel.resource.attributes}, {@code quarkus.otel.service.name}) are applied by Quarkus itself.
 */
public record ResourceSettings(Map<String, String> attributes) {

    static final String ATTRIBUTES_KEY = "otel.resource.attributes";
    static final String SERVICE_NAME_KEY = "otel.service.name";

    public static ResourceSettings resolve(ConfigSource config) {
        Map<String, String> attributes = new LinkedHashMap<>();
        config.explicit(ATTRIBUTES_KEY).ifPresent(list -> attributes.putAll(parse(list)));
        Optional<String> serviceName = config.explicit(SERVICE_NAME_KEY).map(String::trim);
        serviceName.ifPresent(name -> attributes.put("service.name", name));
        return new ResourceSettings(Map.copyOf(attributes));
    }

    /** The specification's format: {@code key1=value1,key2=value2}, values percent-encoded. */
    private static Map<String, String> parse(String list) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0 || entry.substring(0, equals).isBlank()) {
                throw new IllegalArgumentException(ConfigSource.describe(ATTRIBUTES_KEY) + " must be a list of "
                        + "key=value pairs separated by commas; '" + entry.trim() + "' is not one");
            }
            String key = entry.substring(0, equals).trim();
            try {
                attributes.put(key, URLDecoder.decode(entry.substring(equals + 1).trim(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ConfigSource.describe(ATTRIBUTES_KEY) + ": the value of '" + key
                        + "' is not percent-encoded correctly");
            }
        }
        return attributes;
    }
}
