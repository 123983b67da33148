package dev.lambdatrace.tracing.export;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One keep-alive HTTP/1.1 connection to the collector that POSTs a body and reads the answer on the calling thread,
 * the whole exchange (resolve, connect, write, headers, body) bounded by one deadline.
 * <p>
 * Non-blocking I/O with a selector, so a collector that stops reading cannot hold a write past the deadline, and one
 * that dribbles its answer cannot hold a read past it. A collector that answers before it has read the whole request
 * (a 413 for a body over its limit) is heard while the request is still being written: that answer is its refusal,
 * and the request is never sent again. Every failure closes the socket, and so does an answer followed by bytes no
 * request asked for: a connection is never reused with something left unread on it.
 */
final class CollectorConnection implements Closeable {

    /**
     * The collector's answer.
     *
     * @param contentType the {@code Content-Type}, lower case, or empty
     * @param retryAfter the {@code Retry-After} as the collector wrote it, or empty
     */
    record Answer(int status, String contentType, String retryAfter, byte[] body) {
    }

    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADER_LINES = 100;
    // Enough for any OTLP answer (a partial-success message); larger bodies are read and discarded.
    private static final int MAX_KEPT_BODY = 64 * 1024;
    // RFC 9112: chunk-size = 1*HEXDIG, then optional whitespace before any extension.
    private static final Pattern CHUNK_SIZE = Pattern.compile("[0-9A-Fa-f]{1,15}[ \t]*");

    private final HostAddress address;
    private final byte[] requestHead;
    private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private SocketChannel channel;
    private Selector selector;
    private SelectionKey key;
    private int connectionsOpened;

    /** {@code headers} go on every request, after Host, Content-Type and before Content-Length. */
    CollectorConnection(URI endpoint, String contentType, Map<String, String> headers) {
        if (!"http".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("The collector endpoint must be an http:// URL, not " + endpoint);
        }
        int port = endpoint.getPort() == -1 ? 80 : endpoint.getPort();
        this.address = new HostAddress(endpoint.getHost(), port, "the collector");
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        if (endpoint.getRawQuery() != null) {
            path += "?" + endpoint.getRawQuery();
        }
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(endpoint.getHost()).append(':').append(port).append("\r\nContent-Type: ").append(contentType)
                .append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        this.requestHead = head.append("Content-Length: ").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** POSTs {@code body}; throws if no complete answer arrived by {@code deadlineNanos}. */
    synchronized Answer post(byte[] body, long deadlineNanos) throws IOException {
        boolean reused = channel != null;
        try {
            return exchange(body, deadlineNanos);
        } catch (StaleConnectionException stale) {
            close();
            if (!reused) {
                throw stale;
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        // A kept connection the collector closed while we were idle (or frozen), before it read a byte of this
        // request: one attempt on a fresh one.
        try {
            return exchange(body, deadlineNanos);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** TCP connections opened so far: one, as long as the collector keeps it. */
    synchronized int connectionsOpened() {
        return connectionsOpened;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                selector.close();
                channel.close();
            } catch (IOException ignored) {
                // Nothing to recover: the next post opens a new connection.
            }
            channel = null;
            selector = null;
            key = null;
        }
    }

    private Answer exchange(byte[] body, long deadlineNanos) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            // NIO would close the channel under an interrupted thread anyway; say why instead.
            throw new InterruptedIOException("the flush was interrupted before it sent anything");
        }
        if (channel == null) {
            connect(deadlineNanos);
        }
        ByteBuffer[] request = {ByteBuffer.wrap(requestHead),
                ByteBuffer.wrap((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)), ByteBuffer.wrap(body)};
        boolean sentWhole;
        try {
            sentWhole = write(request, deadlineNanos);
        } catch (InterruptedIOException | ClosedByInterruptException e) {
            throw e;
        } catch (IOException e) {
            // What the collector said before it closed tells its refusal from a socket that was already gone.
            if (!answerWaiting()) {
                throw new StaleConnectionException(e);
            }
            sentWhole = false;
        }
        Answer answer = readAnswer(deadlineNanos);
        if (!sentWhole || in.hasRemaining()) {
            // The rest of the request would be read as the next one, or bytes came that no request asked for.
            close();
        }
        return answer;
    }

    private void connect(long deadlineNanos) throws IOException {
        InetSocketAddress resolved = address.resolve(deadlineNanos);
        SocketChannel opened = SocketChannel.open();
        Selector opening = null;
        try {
            opened.configureBlocking(false);
            opened.setOption(StandardSocketOptions.TCP_NODELAY, true);
            opening = Selector.open();
            SelectionKey registered = opened.register(opening, 0);
            if (!opened.connect(resolved)) {
                registered.interestOps(SelectionKey.OP_CONNECT);
                while (!opened.finishConnect()) {
                    await(registered, deadlineNanos, "connect");
                }
            }
            channel = opened;
            connectionsOpened++;
            selector = opening;
            key = registered;
            in.clear().flip();
        } catch (IOException | RuntimeException e) {
            opened.close();
            if (opening != null) {
                opening.close();
            }
            if (!(e instanceof InterruptedIOException) && !(e instanceof java.net.ConnectException)) {
                // Not a refusal from a collector that is down: it may have moved, so its name is looked up again.
                address.forget();
            }
            throw e;
        }
    }

    /** Writes the request; false if the collector answered before it took all of it. */
    private boolean write(ByteBuffer[] request, long deadlineNanos) throws IOException {
        while (request[0].hasRemaining() || request[1].hasRemaining() || request[2].hasRemaining()) {
            if (channel.write(request) == 0) {
                key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
                if ((await(key, deadlineNanos, "write") & SelectionKey.OP_READ) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** After a failed write: whether the collector's answer (or the start of it) is already here to be read. */
    private boolean answerWaiting() {
        in.clear();
        try {
            return channel.read(in) > 0;
        } catch (IOException e) {
            return false;
        } finally {
            in.flip();
        }
    }

    private Answer readAnswer(long deadlineNanos) throws IOException {
        while (true) {
            String statusLine = readLine(deadlineNanos, true);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: " + printable(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: " + printable(statusLine));
            }
            long contentLength = -1;
            boolean chunked = false;
            boolean closeAfter = parts[0].equals("HTTP/1.0");
            String contentType = "";
            String retryAfter = "";
            for (int lines = 0;; lines++) {
                String header = readLine(deadlineNanos, false);
                if (header.isEmpty()) {
                    break;
                }
                if (lines > MAX_HEADER_LINES) {
                    throw new IOException("too many response headers");
                }
                int colon = header.indexOf(':');
                String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> contentLength = parseLength(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> closeAfter = value.contains("close") || closeAfter && !value.contains("keep-alive");
                    case "content-type" -> contentType = value;
                    case "retry-after" -> retryAfter = value;
                    default -> {
                    }
                }
            }
            if (status >= 100 && status < 200) {
                // An interim answer (100 Continue, 103 Early Hints): no body, and the real answer follows.
                continue;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (status == 204 || status == 304) {
                // No body by definition, whatever the headers say.
            } else if (chunked) {
                readChunks(body, deadlineNanos);
            } else if (contentLength >= 0) {
                readBody(body, contentLength, deadlineNanos);
            } else {
                readToEnd(body, deadlineNanos);
                closeAfter = true;
            }
            if (closeAfter) {
                close();
            }
            return new Answer(status, contentType, retryAfter, body.toByteArray());
        }
    }

    private void readChunks(ByteArrayOutputStream body, long deadlineNanos) throws IOException {
        while (true) {
            String sizeLine = readLine(deadlineNanos, false);
            int extension = sizeLine.indexOf(';');
            String size = extension < 0 ? sizeLine : sizeLine.substring(0, extension);
            if (!CHUNK_SIZE.matcher(size).matches()) {
                throw new IOException("malformed chunk size: " + printable(sizeLine));
            }
            long length = Long.parseLong(size.strip(), 16);
            if (length == 0) {
                while (!readLine(deadlineNanos, false).isEmpty()) {
                    // Trailers: read and ignored.
                }
                return;
            }
            readBody(body, length, deadlineNanos);
            if (!readLine(deadlineNanos, false).isEmpty()) {
                throw new IOException("a chunk is longer than its size says");
            }
        }
    }

    private void readBody(ByteArrayOutputStream body, long length, long deadlineNanos) throws IOException {
        long left = length;
        while (left > 0) {
            if (!in.hasRemaining()) {
                fill(deadlineNanos, false);
            }
            int take = (int) Math.min(left, in.remaining());
            keep(body, take);
            left -= take;
        }
    }

    private void readToEnd(ByteArrayOutputStream body, long deadlineNanos) throws IOException {
        while (true) {
            if (!in.hasRemaining() && !fill(deadlineNanos, true)) {
                return;
            }
            keep(body, in.remaining());
        }
    }

    private void keep(ByteArrayOutputStream body, int bytes) {
        int kept = Math.max(0, Math.min(bytes, MAX_KEPT_BODY - body.size()));
        body.write(in.array(), in.position(), kept);
        in.position(in.position() + bytes);
    }

    /** A CRLF- (or LF-) terminated line; EOF before the first byte of an answer means a stale connection. */
    private String readLine(long deadlineNanos, boolean firstOfAnswer) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (!in.hasRemaining()) {
                boolean data;
                try {
                    data = fill(deadlineNanos, true);
                } catch (InterruptedIOException | ClosedByInterruptException e) {
                    throw e;
                } catch (IOException e) {
                    throw firstOfAnswer && line.length() == 0 ? new StaleConnectionException(e) : e;
                }
                if (!data) {
                    if (firstOfAnswer && line.length() == 0) {
                        throw new StaleConnectionException(new EOFException("connection closed before the answer"));
                    }
                    throw new EOFException("the collector closed the connection mid-answer");
                }
            }
            byte next = in.get();
            if (next == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("answer line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) (next & 0xFF));
        }
    }

    /** Reads what has arrived, waiting until the deadline for something; false at end of stream if allowed. */
    private boolean fill(long deadlineNanos, boolean endAllowed) throws IOException {
        in.clear();
        try {
            while (true) {
                int read = channel.read(in);
                if (read > 0) {
                    return true;
                }
                if (read < 0) {
                    if (!endAllowed) {
                        throw new EOFException("the collector closed the connection mid-answer");
                    }
                    return false;
                }
                key.interestOps(SelectionKey.OP_READ);
                await(key, deadlineNanos, "answer");
            }
        } finally {
            in.flip();
        }
    }

    /**
     * Waits until the channel is ready for what {@code registered} asks, or the deadline passes; returns what it is
     * ready for. An interrupted thread stops here: {@code select} would otherwise return at once, again and again.
     */
    private static int await(SelectionKey registered, long deadlineNanos, String what) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("the flush was interrupted during the " + what);
        }
        long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (remainingMillis < 1) {
            throw new DeadlineException("no complete " + what + " within the flush timeout");
        }
        Selector waiting = registered.selector();
        int ready = waiting.select(remainingMillis) > 0 && waiting.selectedKeys().contains(registered)
                ? registered.readyOps() : 0;
        waiting.selectedKeys().clear();
        return ready;
    }

    private static long parseLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw new IOException("malformed Content-Length: " + printable(value));
        }
    }

    /** What came off the wire, safe to log. */
    static String printable(String wire) {
        StringBuilder out = new StringBuilder();
        wire.chars().limit(200).forEach(c -> out.append(c >= 32 && c < 127 ? (char) c : '?'));
        return out.toString();
    }

    /** The deadline passed; the exchange is abandoned and the socket closed. */
    static final class DeadlineException extends java.net.SocketTimeoutException {
        DeadlineException(String message) {
            super(message);
        }
    }

    /** The kept connection was gone before the collector could have answered the request. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(IOException cause) {
            super("stale connection: " + cause.getMessage(), cause);
        }
    }
}
