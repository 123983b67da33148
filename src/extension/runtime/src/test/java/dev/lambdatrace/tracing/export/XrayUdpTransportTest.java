package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.lambdatrace.collector.ReceivedSpan;
import dev.lambdatrace.collector.XrayUdpReceiver;
import dev.lambdatrace.tracing.xray.XrayDaemonAddress;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;

class XrayUdpTransportTest {

    final XrayUdpReceiver daemon = XrayUdpReceiver.start(0);
    final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void datagramIsTheHeaderLineThePrefixAndBase64Otlp() throws Exception {
        // given
        XrayUdpTransport transport = new XrayUdpTransport(new InetSocketAddress("127.0.0.1", daemon.port()));

        // when
        SpanTransport.Sent sent = transport.send(spans(1, 10), Duration.ofSeconds(1));

        // then
        assertEquals(SpanTransport.Sent.ALL, sent);
        byte[] datagram = XrayUdpTransport.datagram(new OtlpEncoding().encode(spans(1, 10)));
        String text = new String(datagram, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"format\":\"json\",\"version\":1}\nT1S"), text);
        assertTrue(text.substring(33).matches("[A-Za-z0-9+/]+=*"), "standard Base64 with padding: " + text);
        assertEquals(List.of(), daemon.malformed());
        assertEquals(1, daemon.spans().size());
        assertEquals("span 0", daemon.spans().get(0).name());
    }

    @Test
    void batchTooBigForOneDatagramIsSplitAndEverySpanArrivesOnce() throws Exception {
        // given 300 spans of about 1 KB each: about 400 KB of Base64
        XrayUdpTransport transport = new XrayUdpTransport(new InetSocketAddress("127.0.0.1", daemon.port()));
        List<SpanData> batch = spans(300, 1_000);

        // when
        SpanTransport.Sent sent = transport.send(batch, Duration.ofSeconds(1));

        // then
        assertEquals(0, sent.dropped());
        List<Integer> sizes = daemon.datagramSizes();
        assertTrue(sizes.size() > 1, "one datagram cannot hold them: " + sizes);
        assertTrue(sizes.stream().allMatch(size -> size <= XrayUdpTransport.MAX_DATAGRAM_BYTES), sizes.toString());
        List<ReceivedSpan> received = daemon.spans();
        assertEquals(300, received.size());
        Set<String> ids = received.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        assertEquals(batch.stream().map(SpanData::getSpanId).collect(Collectors.toSet()), ids);
    }

    @Test
    void spanTooBigForAnyDatagramIsDroppedAndCountedAndTheOthersAreSent() throws Exception {
        // given
        XrayUdpTransport transport = new XrayUdpTransport(new InetSocketAddress("127.0.0.1", daemon.port()));
        List<SpanData> batch = new ArrayList<>(spans(3, 100));
        batch.add(1, span("huge", 70_000));

        // when
        SpanTransport.Sent sent = transport.send(batch, Duration.ofSeconds(1));

        // then
        assertEquals(1, sent.dropped());
        assertTrue(sent.reason().contains("does not fit in one datagram"), sent.reason());
        assertEquals(3, daemon.spans().size());
        assertTrue(daemon.spans().stream().noneMatch(span -> span.name().equals("huge")));
    }

    @Test
    void nothingListeningIsNeitherAnErrorNorADelay() throws Exception {
        // given
        int port = daemon.port();
        daemon.refuseConnections();
        XrayUdpTransport transport = new XrayUdpTransport(new InetSocketAddress("127.0.0.1", port));

        // when
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertEquals(SpanTransport.Sent.ALL, transport.send(spans(1, 10), Duration.ofSeconds(1)));
        }

        // then
        assertTrue((System.nanoTime() - start) / 1_000_000 < 500);
    }

    @Test
    void daemonHostThatCannotBeResolvedDropsAndCountsTheSpansWithoutThrowing() throws Exception {
        XrayUdpTransport transport = new XrayUdpTransport(XrayDaemonAddress.parse("daemon.invalid:2000"));

        SpanTransport.Sent sent = transport.send(spans(3, 10), Duration.ofSeconds(1));

        assertEquals(3, sent.dropped());
        assertTrue(sent.reason().contains("daemon.invalid"), sent.reason());
    }

    @Test
    void slowResolverCostsTheSendNoMoreThanItsTimeoutAsOnTheOtlpPath() throws Exception {
        // given: a host that did not resolve at start, and a resolver that now hangs for a minute
        AtomicInteger lookups = new AtomicInteger();
        XrayUdpTransport transport = new XrayUdpTransport(new HostAddress("daemon", 2000, "the X-Ray daemon", host -> {
            if (lookups.incrementAndGet() == 1) {
                throw new UnknownHostException(host);
            }
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return InetAddress.getLoopbackAddress();
        }));

        // when
        SpanTransport.Sent sent = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> transport.send(spans(2, 10), Duration.ofMillis(200)));

        // then
        assertEquals(2, sent.dropped());
        assertTrue(sent.reason().contains("no address for the X-Ray daemon's host daemon within the flush timeout"),
                sent.reason());
    }

    private List<SpanData> spans(int count, int attributeBytes) {
        List<SpanData> spans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            spans.add(span("span " + i, attributeBytes));
        }
        return spans;
    }

    private SpanData span(String name, int attributeBytes) {
        Span span = tracerProvider.get("test").spanBuilder(name).setAttribute("payload", "x".repeat(attributeBytes))
                .startSpan();
        span.end();
        return ((ReadableSpan) span).toSpanData();
    }
}
