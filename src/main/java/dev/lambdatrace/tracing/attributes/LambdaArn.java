package dev.lambdatrace.tracing.attributes;

/**
 * The parts of an invoked function ARN ({@code arn:aws:lambda:eu-west-1:123456789012:function:name[:alias]}) that the
 * root span reports.
 */
record LambdaArn(String region, String accountId) {

    private static final LambdaArn UNKNOWN = new LambdaArn(null, null);

    /** Parses leniently: a missing or odd ARN yields nulls, never an exception. */
    static LambdaArn parse(String arn) {
        if (arn == null) {
            return UNKNOWN;
        }
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !"arn".equals(parts[0])) {
            return UNKNOWN;
        }
        return new LambdaArn(emptyToNull(parts[3]), emptyToNull(parts[4]));
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
