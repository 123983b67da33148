package dev.lambdatrace.tracing.export;

import java.io.Closeable;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One keep-alive HTTP/1.1 connection to the collector that POSTs a body and reads the answer on the calling thread,
 * the whole exchange (resolve, connect, write, headers, body) bounded by one deadline.
 * <p>
 * Non-blocking I/O with a selector, so a collector that stops reading cannot hold a write past the deadline, and one
 * that dribbles its answer cannot hold a read past it. A collector that answers before it has read the whole request
 * (the real one answers 400 to a body over its limit) is heard while the request is still being written: that answer
 * is its refusal, and the request is never sent again. Every failure closes the socket, and so does an answer followed
 * by bytes no request asked for: a connection is never reused with something left unread on it.
 * <p>
 * Delivery is at most once: a request is sent again only when provably none of it reached the collector (a kept
 * connection found closed before writing, or a write that failed before the whole request left). A collector that
 * closes the connection after taking the whole request, without answering, may have exported it: it is not resent,
 * so X-Ray never shows a segment twice, and its spans count as dropped. The answer's bytes are read by
 * {@link HttpAnswerParser}.
 * <p>
 * One exchange at a time: a post that finds the connection busy waits for it within its own deadline, and one with no
 * time left writes nothing. At shutdown {@link #abort} ends the exchange in flight at once, and every later one.
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


    private final ReentrantLock exchanging = new ReentrantLock();
    private final HostAddress address;
    private final byte[] requestHead;
    private final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private SocketChannel channel;
    // Read by abort(), from another thread, to wake the exchange up.
    private volatile Selector selector;
    private SelectionKey key;
    private int connectionsOpened;
    private volatile String abortReason;

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
    Answer post(byte[] body, long deadlineNanos) throws IOException {
        try {
            if (!exchanging.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new DeadlineException("the connection was busy with another export until the deadline");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the flush was interrupted while it waited for the connection");
        }
        try {
            return postHoldingTheConnection(body, deadlineNanos);
        } finally {
            exchanging.unlock();
        }
    }

    /**
     * Ends the exchange in flight at once, and refuses every later one, with {@code reason}: what is not acknowledged
     * by then is the caller's to count.
     */
    void abort(String reason) {
        abortReason = reason;
        Selector waiting = selector;
        if (waiting != null) {
            waiting.wakeup();
        }
    }

    private Answer postHoldingTheConnection(byte[] body, long deadlineNanos) throws IOException {
        try {
            if (channel != null && !stillOpen()) {
                // The collector closed the kept connection while we were idle (or frozen): nothing of this request
                // has left yet, so it goes on a fresh one.
                close();
            }
            boolean reused = channel != null;
            try {
                return exchange(body, deadlineNanos);
            } catch (UnsentException unsent) {
                close();
                if (!reused) {
                    throw unsent;
                }
            }
            // The kept connection failed under the write, before the whole request left: the collector cannot have
            // taken it, so one attempt on a fresh connection.
            return exchange(body, deadlineNanos);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** TCP connections opened so far: one, as long as the collector keeps it. */
    int connectionsOpened() {
        exchanging.lock();
        try {
            return connectionsOpened;
        } finally {
            exchanging.unlock();
        }
    }

    @Override
    public void close() {
        exchanging.lock();
        try {
            closeHoldingTheConnection();
        } finally {
            exchanging.unlock();
        }
    }

    private void closeHoldingTheConnection() {
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
        checkNotAborted();
        if (deadlineNanos - System.nanoTime() <= 0) {
            throw new DeadlineException("no time was left to send anything");
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
                throw new UnsentException(e);
            }
            sentWhole = false;
        }
        Answer answer = readAnswer(deadlineNanos);
        if (channel != null && (!sentWhole || in.hasRemaining())) {
            // The rest of the request would be read as the next one, or bytes came that no request asked for.
            close();
        }
        return answer;
    }

    /** Whether the kept connection is still usable: not closed by the collector, nothing unasked for waiting on it. */
    private boolean stillOpen() {
        in.clear();
        try {
            return channel.read(in) == 0;
        } catch (IOException e) {
            return false;
        } finally {
            in.clear().flip();
        }
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
        HttpAnswerParser parser = new HttpAnswerParser();
        while (true) {
            Answer answer = in.hasRemaining() ? parser.feed(in) : null;
            if (answer != null) {
                if (parser.closeAfter()) {
                    close();
                }
                return answer;
            }
            if (!fill(deadlineNanos)) {
                close();
                if (!parser.started()) {
                    throw new IOException("the collector closed the connection without answering; the export may "
                            + "have reached it, and is not sent again");
                }
                return parser.endOfStream();
            }
        }
    }

    /** Reads what has arrived, waiting until the deadline for something; false at the end of the stream. */
    private boolean fill(long deadlineNanos) throws IOException {
        in.clear();
        try {
            while (true) {
                int read = channel.read(in);
                if (read > 0) {
                    return true;
                }
                if (read < 0) {
                    return false;
                }
                key.interestOps(SelectionKey.OP_READ);
                await(key, deadlineNanos, "answer");
            }
        } finally {
            in.flip();
        }
    }

    private void checkNotAborted() throws IOException {
        String reason = abortReason;
        if (reason != null) {
            throw new IOException(reason);
        }
    }

    /**
     * Waits until the channel is ready for what {@code registered} asks, or the deadline passes; returns what it is
     * ready for. An interrupted thread stops here: {@code select} would otherwise return at once, again and again; an
     * aborted connection too.
     */
    private int await(SelectionKey registered, long deadlineNanos, String what) throws IOException {
        checkNotAborted();
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
        checkNotAborted();
        return ready;
    }

    /** The deadline passed; the exchange is abandoned and the socket closed. */
    static final class DeadlineException extends java.net.SocketTimeoutException {
        DeadlineException(String message) {
            super(message);
        }
    }

    /** The write failed before the whole request left: the collector cannot have taken it. */
    private static final class UnsentException extends IOException {
        UnsentException(IOException cause) {
            super("the connection failed before the request was sent: " + cause.getMessage(), cause);
        }
    }
}
