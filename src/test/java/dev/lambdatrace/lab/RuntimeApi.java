package dev.lambdatrace.lab;

/**
 * Paths and headers of the Lambda Runtime API (version 2018-06-01), as the runtime side sees them.
 */
final class RuntimeApi {

    static final String BASE = "/2018-06-01/runtime";
    static final String NEXT = BASE + "/invocation/next";
    static final String INVOCATION = BASE + "/invocation/";
    static final String RESPONSE = "/response";
    static final String ERROR = "/error";
    static final String INIT_ERROR = BASE + "/init/error";

    static final String REQUEST_ID = "Lambda-Runtime-Aws-Request-Id";
    static final String DEADLINE_MS = "Lambda-Runtime-Deadline-Ms";
    static final String INVOKED_FUNCTION_ARN = "Lambda-Runtime-Invoked-Function-Arn";
    static final String TRACE_ID = "Lambda-Runtime-Trace-Id";
    static final String FUNCTION_ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";

    private RuntimeApi() {
    }
}
