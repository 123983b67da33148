package dev.lambdatrace.collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * A stand-in for Lambda's X-Ray daemon on loopback: takes the OTLP-over-UDP datagrams the ADOT exporters send, checks
 * their header and prefix, and decodes the Base64 OTLP payload with the official protos.
 * <p>
 * It has no thread of its own: {@link #collect()} takes in whatever the kernel has queued. On loopback a datagram is
 * queued during the sender's own send call, so a collect right after a response sees every datagram sent before it.
 */
public final class XrayUdpReceiver implements SpanSink {

    static final String HEADER = "{\"format\":\"json\",\"version\":1}";
    static final String SAMPLED_PREFIX = "T1S";

    private final List<ReceivedSpan> spans = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> datagramSizes = Collections.synchronizedList(new ArrayList<>());
    private final List<String> malformed = Collections.synchronizedList(new ArrayList<>());
    private final List<Datagram> undecoded = new ArrayList<>();

    /** A datagram as the kernel handed it over, and when. */
    private record Datagram(byte[] bytes, long receivedAtNanos) {
    }
    private final ByteBuffer buffer = ByteBuffer.allocate(65_536);
    private final int port;
    private DatagramChannel channel;

    private XrayUdpReceiver(int port) {
        this.channel = bind(port);
        this.port = ((InetSocketAddress) localAddress(channel)).getPort();
    }

    /** Listens on 127.0.0.1; port 0 picks a free one. */
    public static XrayUdpReceiver start(int port) {
        return new XrayUdpReceiver(port);
    }

    public int port() {
        return port;
    }

    /** As {@code AWS_XRAY_DAEMON_ADDRESS} holds it. */
    @Override
    public String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public boolean acknowledges() {
        return false;
    }

    @Override
    public synchronized void collect() {
        if (channel == null) {
            return;
        }
        try {
            while (true) {
                buffer.clear();
                if (channel.receive(buffer) == null) {
                    return;
                }
                buffer.flip();
                byte[] datagram = new byte[buffer.remaining()];
                buffer.get(datagram);
                // Decoded when asked for, so that a load test's daemon costs the machine no more than a copy; the
                // time it arrived is kept, for the lab's accounting of what came before the freeze.
                undecoded.add(new Datagram(datagram, System.nanoTime()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<ReceivedSpan> spans() {
        collectAndDecode();
        synchronized (spans) {
            return List.copyOf(spans);
        }
    }

    /** The size of every datagram received, in bytes. */
    public List<Integer> datagramSizes() {
        collectAndDecode();
        synchronized (datagramSizes) {
            return List.copyOf(datagramSizes);
        }
    }

    /** Why each datagram that did not follow the format was rejected. */
    public List<String> malformed() {
        collectAndDecode();
        synchronized (malformed) {
            return List.copyOf(malformed);
        }
    }

    private synchronized void collectAndDecode() {
        collect();
        for (Datagram datagram : undecoded) {
            decode(datagram.bytes(), datagram.receivedAtNanos());
        }
        undecoded.clear();
    }

    /** Unbinds the port: datagrams sent to it are lost, as with no daemon running. */
    @Override
    public synchronized void refuseConnections() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closed either way.
            }
            channel = null;
        }
    }

    public synchronized void resume() {
        if (channel == null) {
            channel = bind(port);
        }
    }

    @Override
    public void close() {
        refuseConnections();
    }

    private void decode(byte[] datagram, long receivedAtNanos) {
        String text = new String(datagram, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        if (newline < 0 || !text.substring(0, newline).equals(HEADER)) {
            malformed.add("header is not " + HEADER);
            return;
        }
        String body = text.substring(newline + 1);
        if (!body.startsWith(SAMPLED_PREFIX)) {
            malformed.add("payload does not start with " + SAMPLED_PREFIX);
            return;
        }
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(Base64.getDecoder().decode(body.substring(3)));
        } catch (IllegalArgumentException | com.google.protobuf.InvalidProtocolBufferException e) {
            malformed.add("payload is not Base64 OTLP: " + e.getMessage());
            return;
        }
        datagramSizes.add(datagram.length);
        spans.addAll(ReceivedSpan.allOf(request, receivedAtNanos));
    }

    private static DatagramChannel bind(int port) {
        try {
            DatagramChannel created = DatagramChannel.open();
            created.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            created.bind(new InetSocketAddress("127.0.0.1", port));
            created.configureBlocking(false);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind UDP port " + port, e);
        }
    }

    private static java.net.SocketAddress localAddress(DatagramChannel channel) {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
