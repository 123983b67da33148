package dev.lambdatrace.tracing.attributes;

/**
 * The request's URL as X-Ray shows it, within X-Ray's segment document schema (v1.0.0), which caps
 * {@code http.request.url} and {@code user_agent} at 250 characters. The collector's {@code awsxray} exporter cuts
 * nothing, and takes {@code url.full} before it joins {@code url.scheme}, {@code server.address}, {@code url.path} and
 * {@code url.query} (the ADOT layer's release, v0.117.0, joins them wrongly: the query replaces the path). So the root
 * span carries {@code url.full}, cut to 250 characters at a character boundary, query first, and keeps the other parts
 * whole for every other backend.
 */
final class XrayUrl {

    static final int MAX_CHARACTERS = 250;

    /** {@code scheme://host/path?query}, cut to 250 characters; null without a host. */
    static String full(String scheme, String host, String path, String query) {
        if (host == null) {
            return null;
        }
        StringBuilder url = new StringBuilder(scheme).append("://").append(host);
        url.append(path == null || path.isEmpty() ? "/" : path);
        if (query != null && !query.isEmpty()) {
            url.append('?').append(query);
        }
        return cut(url.toString(), MAX_CHARACTERS);
    }

    /** {@code value}'s first {@code max} characters, never half of a surrogate pair; null stays null. */
    static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Math.max(0, max);
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end);
    }

    private XrayUrl() {
    }
}
