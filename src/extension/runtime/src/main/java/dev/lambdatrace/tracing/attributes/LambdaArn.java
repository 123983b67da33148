package dev.lambdatrace.tracing.attributes;

/**
 * The parts of an invoked function ARN ({@code arn:aws:lambda:eu-west-1:123456789012:function:name[:qualifier]}) that
 * the trace reports.
 *
 * @param qualifier the alias or version the caller named, or null for an unqualified ARN
 */
record LambdaArn(String arn, String region, String accountId, String qualifier) {

    private static final LambdaArn UNKNOWN = new LambdaArn(null, null, null, null);

    /** Parses leniently: a missing or odd ARN yields nulls, never an exception. */
    static LambdaArn parse(String arn) {
        if (arn == null) {
            return UNKNOWN;
        }
        String[] parts = arn.split(":", 8);
        if (parts.length < 7 || !"arn".equals(parts[0]) || !"function".equals(parts[5])) {
            return UNKNOWN;
        }
        return new LambdaArn(arn, emptyToNull(parts[3]), emptyToNull(parts[4]),
                parts.length == 8 ? emptyToNull(parts[7]) : null);
    }

    /**
     * The function's ARN as {@code cloud.resource_id} defines it: an alias the caller named is replaced by the
     * version it resolved to, since one sandbox may be invoked through several aliases.
     */
    String resourceId(String functionVersion) {
        if (arn == null) {
            return null;
        }
        if (qualifier == null || functionVersion == null) {
            return arn;
        }
        return arn.substring(0, arn.length() - qualifier.length()) + functionVersion;
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
