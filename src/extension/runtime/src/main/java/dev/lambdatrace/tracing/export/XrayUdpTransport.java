package dev.lambdatrace.tracing.export;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * OTLP over UDP to Lambda's X-Ray daemon, in the ADOT exporters' format: each datagram is the header line
 * {@code {"format":"json","version":1}}, a newline, the prefix {@code T1S} (sampled spans) and the standard Base64 of
 * a binary OTLP {@code ExportTraceServiceRequest}. No collector layer, and nothing to wait for: a send is complete
 * when the datagrams are handed to the socket.
 */
final class XrayUdpTransport implements SpanTransport {

    static final byte[] HEADER = "{\"format\":\"json\",\"version\":1}\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] SAMPLED_PREFIX = "T1S".getBytes(StandardCharsets.UTF_8);
    // The largest UDP payload over IPv4, within the 64 KB that X-Ray accepts.
    static final int MAX_DATAGRAM_BYTES = 65_507;
    // The spans the first datagram of a send tries to take: a flush per invocation sends one or two.
    static final int FIRST_GROUP = 16;

    private final OtlpEncoding encoding = new OtlpEncoding();
    private final HostAddress daemon;
    private final DatagramChannel channel;

    XrayUdpTransport(InetSocketAddress daemon) throws IOException {
        this(new HostAddress(daemon.getHostString(), daemon.getPort(), "the X-Ray daemon"));
    }

    XrayUdpTransport(HostAddress daemon) throws IOException {
        this.daemon = daemon;
        // Not connected: an ICMP "port unreachable" from a missing daemon must not turn into an error on a later send.
        this.channel = DatagramChannel.open();
        this.channel.configureBlocking(false);
    }

    /**
     * Sends every span; those that cannot leave are counted in the answer, never thrown. The daemon's host is looked
     * up at most within {@code timeout}, as the OTLP path bounds its own lookup: a slow resolver never holds an
     * invocation longer than its flush.
     */
    @Override
    public Sent send(Collection<SpanData> spans, Duration timeout) {
        InetSocketAddress target;
        try {
            target = daemon.resolve(System.nanoTime() + timeout.toNanos());
        } catch (IOException e) {
            return new Sent(spans.size(), e.getMessage());
        }
        List<String> reasons = new ArrayList<>();
        int dropped = sendInDatagrams(List.copyOf(spans), target, reasons);
        return dropped == 0 ? Sent.ALL : new Sent(dropped, String.join("; ", reasons));
    }

    /**
     * Sends the spans in datagrams as full as fit, and returns how many it dropped. The number of spans a datagram
     * takes adapts as it goes (halved when one comes out too big, doubled while they come out under half full), so a
     * background batch of hundreds of spans is encoded about once, not once per halving.
     */
    private int sendInDatagrams(List<SpanData> spans, InetSocketAddress target, List<String> reasons) {
        int dropped = 0;
        int perDatagram = FIRST_GROUP;
        for (int from = 0; from < spans.size();) {
            List<SpanData> group = spans.subList(from, Math.min(spans.size(), from + perDatagram));
            byte[] datagram = datagram(encoding.encode(group));
            if (datagram.length > MAX_DATAGRAM_BYTES && group.size() > 1) {
                perDatagram = group.size() / 2;
                continue;
            }
            from += group.size();
            if (datagram.length > MAX_DATAGRAM_BYTES) {
                reasons.add("a span of " + datagram.length + " bytes does not fit in one datagram");
                dropped++;
                continue;
            }
            dropped += send(datagram, group.size(), target, reasons);
            if (datagram.length < MAX_DATAGRAM_BYTES / 2) {
                perDatagram = group.size() * 2;
            }
        }
        return dropped;
    }

    /** Hands one datagram to the kernel; returns how many of its spans are lost (all of them, or none). */
    private int send(byte[] datagram, int spans, InetSocketAddress target, List<String> reasons) {
        try {
            if (channel.send(ByteBuffer.wrap(datagram), target) == datagram.length) {
                return 0;
            }
            reasons.add("the socket's send buffer was full");
        } catch (IOException | RuntimeException e) {
            // Only this datagram's spans are lost; the ones sent before it are out, the ones after it are tried.
            daemon.forget();
            reasons.add(e.toString());
        }
        return spans;
    }

    static byte[] datagram(byte[] otlpRequest) {
        byte[] encoded = Base64.getEncoder().encode(otlpRequest);
        byte[] datagram = new byte[HEADER.length + SAMPLED_PREFIX.length + encoded.length];
        System.arraycopy(HEADER, 0, datagram, 0, HEADER.length);
        System.arraycopy(SAMPLED_PREFIX, 0, datagram, HEADER.length, SAMPLED_PREFIX.length);
        System.arraycopy(encoded, 0, datagram, HEADER.length + SAMPLED_PREFIX.length, encoded.length);
        return datagram;
    }
}
