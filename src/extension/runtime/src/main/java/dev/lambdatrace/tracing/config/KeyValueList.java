package dev.lambdatrace.tracing.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenTelemetry specification's list format, {@code key1=value1,key2=value2}, as {@code OTEL_RESOURCE_ATTRIBUTES}
 * and {@code OTEL_EXPORTER_OTLP_HEADERS} use it: the W3C Baggage format without its properties. Keys and values are
 * trimmed; values are percent-decoded as RFC 3986 says, {@code %XX} being a UTF-8 byte and {@code +} a plus sign
 * (not a space, as in HTML forms); empty entries are skipped.
 */
public final class KeyValueList {

    /** The pairs of {@code list}, in order, a later key winning; throws naming {@code key} when one is malformed. */
    public static Map<String, String> parse(String key, String list) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String name = equals < 0 ? "" : entry.substring(0, equals).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(ConfigSource.describe(key) + " must be a list of key=value pairs "
                        + "separated by commas; '" + entry.trim() + "' is not one");
            }
            pairs.put(name, percentDecoded(key, name, entry.substring(equals + 1).trim()));
        }
        return pairs;
    }

    private static String percentDecoded(String key, String name, String value) {
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(value.length());
        int from = 0;
        while (from < value.length()) {
            int percent = value.indexOf('%', from);
            int end = percent < 0 ? value.length() : percent;
            decoded.writeBytes(value.substring(from, end).getBytes(StandardCharsets.UTF_8));
            if (percent < 0) {
                break;
            }
            int high = percent + 2 < value.length() ? Character.digit(value.charAt(percent + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(value.charAt(percent + 2), 16);
            if (low < 0) {
                throw new IllegalArgumentException(ConfigSource.describe(key) + ": the value of '" + name
                        + "' is not percent-encoded correctly");
            }
            decoded.write(high << 4 | low);
            from = percent + 3;
        }
        return decoded.toString(StandardCharsets.UTF_8);
    }

    private KeyValueList() {
    }
}
