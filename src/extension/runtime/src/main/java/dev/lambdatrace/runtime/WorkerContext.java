package dev.lambdatrace.runtime;

import java.io.IOException;
import java.net.HttpURLConnection;

import io.quarkus.amazon.lambda.runtime.AmazonLambdaApi;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaContext;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaMapperRecorder;

/**
 * Quarkus' Lambda context of one invocation, read from its {@code /next} answer, plus what Quarkus' own context drops:
 * the invocation's X-Ray trace header, which with many invocations at once is known nowhere else.
 */
final class WorkerContext extends AmazonLambdaContext {

    private final String traceHeader;

    WorkerContext(HttpURLConnection next) throws IOException {
        super(next, AmazonLambdaMapperRecorder.cognitoIdReader, AmazonLambdaMapperRecorder.clientCtxReader);
        this.traceHeader = next.getHeaderField(AmazonLambdaApi.LAMBDA_TRACE_HEADER_KEY);
    }

    @Override
    public String getXrayTraceId() {
        return traceHeader;
    }
}
