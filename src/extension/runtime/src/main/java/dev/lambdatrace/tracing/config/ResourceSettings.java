package dev.lambdatrace.tracing.config;

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
        config.explicit(ATTRIBUTES_KEY).ifPresent(list -> attributes.putAll(KeyValueList.parse(ATTRIBUTES_KEY, list)));
        Optional<String> serviceName = config.explicit(SERVICE_NAME_KEY).map(String::trim);
        serviceName.ifPresent(name -> attributes.put("service.name", name));
        return new ResourceSettings(Map.copyOf(attributes));
    }
}
