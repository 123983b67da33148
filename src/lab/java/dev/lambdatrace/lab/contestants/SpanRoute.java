package dev.lambdatrace.lab.contestants;

/**
 * Which way a contestant's spans leave its sandbox, as a Lambda function's do.
 */
public enum SpanRoute {
    /** OTLP/HTTP to a collector: the lab's sink outside the sandbox, or a real collector layer inside it. */
    OTLP_TO_COLLECTOR,
    /** OTLP over UDP to Lambda's X-Ray daemon, which runs outside the sandbox: no collector layer in any mode. */
    UDP_TO_XRAY_DAEMON,
    /** Tracing off: nothing should leave, and no layer is in the sandbox, as for the original test's baseline. */
    NONE
}
