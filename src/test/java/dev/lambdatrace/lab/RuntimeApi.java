package dev.lambdatrace.lab;

/**
 * Paths and headers of the Lambda Runtime API (2018-06-01) and Extensions API (2020-01-01), as Lambda serves them.
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

    static final String EXTENSION_BASE = "/2020-01-01/extension";
    static final String EXTENSION_REGISTER = EXTENSION_BASE + "/register";
    static final String EXTENSION_NEXT = EXTENSION_BASE + "/event/next";
    static final String EXTENSION_INIT_ERROR = EXTENSION_BASE + "/init/error";
    static final String EXTENSION_EXIT_ERROR = EXTENSION_BASE + "/exit/error";

    static final String EXTENSION_NAME = "Lambda-Extension-Name";
    static final String EXTENSION_IDENTIFIER = "Lambda-Extension-Identifier";
    static final String EXTENSION_EVENT_IDENTIFIER = "Lambda-Extension-Event-Identifier";
    static final String EXTENSION_ERROR_TYPE = "Lambda-Extension-Function-Error-Type";

    private RuntimeApi() {
    }
}
