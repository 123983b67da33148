package org.acme.greetings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;

/**
 * Composes greetings, in a span of its own, and counts them.
 */
@ApplicationScoped
public class GreetingService {

    private static final Logger LOG = Logger.getLogger(GreetingService.class);
    private static final AttributeKey<String> LANGUAGE = AttributeKey.stringKey("greeting.language");

    private final LongCounter composed;

    @Inject
    GreetingService(Meter meter) {
        this.composed = meter.counterBuilder("greetings.composed").setDescription("Greetings composed").build();
    }

    @WithSpan("compose greeting")
    public String compose(@SpanAttribute("greeting.name") String name) {
        LOG.infof("Composing a greeting for %s", name);
        composed.add(1, Attributes.of(LANGUAGE, "en"));
        return "Hello " + name;
    }
}
