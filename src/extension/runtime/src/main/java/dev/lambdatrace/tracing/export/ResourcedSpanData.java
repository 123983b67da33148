package dev.lambdatrace.tracing.export;

import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * A span as the SDK ended it, exported with the function's Resource instead of the SDK's own, which cannot know the
 * function's ARN before the first invocation.
 */
final class ResourcedSpanData extends DelegatingSpanData {

    private final Resource resource;

    ResourcedSpanData(SpanData span, Resource resource) {
        super(span);
        this.resource = resource;
    }

    @Override
    public Resource getResource() {
        return resource;
    }
}
