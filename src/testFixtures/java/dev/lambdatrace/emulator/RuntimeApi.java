package dev.lambdatrace.emulator;

/**
 * Paths and headers of the Lambda Runtime API (2018-06-01) and Extensions API (2020-01-01), as Lambda serves them.
 */
public final class RuntimeApi {

    public static final String BASE = "/2018-06-01/runtime";
    public static final String NEXT = BASE + "/invocation/next";
    public static final String INVOCATION = BASE + "/invocation/";
    public static final String RESPONSE = "/response";
    public static final String ERROR = "/error";
    public static final String INIT_ERROR = BASE + "/init/error";

    public static final String REQUEST_ID = "Lambda-Runtime-Aws-Request-Id";
    public static final String DEADLINE_MS = "Lambda-Runtime-Deadline-Ms";
    public static final String INVOKED_FUNCTION_ARN = "Lambda-Runtime-Invoked-Function-Arn";
    public static final String TRACE_ID = "Lambda-Runtime-Trace-Id";
    public static final String FUNCTION_ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";

    public static final String EXTENSION_BASE = "/2020-01-01/extension";
    public static final String EXTENSION_REGISTER = EXTENSION_BASE + "/register";
    public static final String EXTENSION_NEXT = EXTENSION_BASE + "/event/next";
    public static final String EXTENSION_INIT_ERROR = EXTENSION_BASE + "/init/error";
    public static final String EXTENSION_EXIT_ERROR = EXTENSION_BASE + "/exit/error";

    public static final String EXTENSION_NAME = "Lambda-Extension-Name";
    public static final String EXTENSION_IDENTIFIER = "Lambda-Extension-Identifier";
    public static final String EXTENSION_EVENT_IDENTIFIER = "Lambda-Extension-Event-Identifier";
    public static final String EXTENSION_ERROR_TYPE = "Lambda-Extension-Function-Error-Type";

    private RuntimeApi() {
    }
}
