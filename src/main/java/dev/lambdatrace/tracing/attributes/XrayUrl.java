package dev.lambdatrace.tracing.attributes;

/**
 * The request URL's parts as the root span carries them, cut so that the URL X-Ray builds from them stays within
 * X-Ray's segment document schema (v1.0.0): {@code http.request.url} and {@code user_agent} are at most 250
 * characters. The collector's {@code awsxray} exporter joins {@code url.scheme}, {@code server.address},
 * {@code url.path} and {@code ?url.query} and cuts nothing, so a long query or path is cut here: the query first, then
 * the path, then the host, each at a character boundary.
 */
record XrayUrl(String scheme, String host, String path, String query) {

    static final int MAX_CHARACTERS = 250;

    static XrayUrl fitted(String scheme, String host, String path, String query) {
        String fittedScheme = cut(scheme, MAX_CHARACTERS - "://".length());
        int left = MAX_CHARACTERS - fittedScheme.length() - "://".length();
        String fittedHost = cut(host, left);
        left -= length(fittedHost);
        String fittedPath = cut(path, left);
        left -= length(fittedPath);
        String fittedQuery = query == null || left <= 1 ? null : cut(query, left - "?".length());
        return new XrayUrl(fittedScheme, fittedHost, fittedPath, fittedQuery);
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

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }
}
