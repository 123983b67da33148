package dev.lambdatrace.tracing.export;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads one HTTP/1.1 answer from bytes as they come off a socket, in pieces of any size: the status line, the headers,
 * and a body delimited by {@code Content-Length}, by chunks, or by the end of the connection; interim 1xx answers are
 * skipped. It holds no socket, so every rule is tested on byte sequences alone ({@code HttpAnswerParserTest}).
 */
final class HttpAnswerParser {

    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADER_LINES = 100;
    // Enough for any OTLP answer (a partial-success message); larger bodies are read and discarded.
    static final int MAX_KEPT_BODY = 64 * 1024;
    // RFC 9112: chunk-size = 1*HEXDIG, then optional whitespace before any extension.
    private static final Pattern CHUNK_SIZE = Pattern.compile("[0-9A-Fa-f]{1,15}[ \t]*");

    private enum State { STATUS_LINE, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, TO_END, DONE }

    private final StringBuilder line = new StringBuilder();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private State state = State.STATUS_LINE;
    private boolean started;
    private int status;
    private int headerLines;
    private long contentLength;
    private long left;
    private boolean chunked;
    private boolean closeAfter;
    private String contentType;
    private String retryAfter;

    /**
     * Consumes bytes of {@code in} up to the end of the answer, leaving any that follow it; returns the answer once it
     * is complete, null while it needs more. Throws on anything that is not a well-formed answer.
     */
    CollectorConnection.Answer feed(ByteBuffer in) throws IOException {
        while (in.hasRemaining() && state != State.DONE) {
            started = true;
            switch (state) {
                case STATUS_LINE, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    String complete = readLine(in);
                    if (complete != null) {
                        onLine(complete);
                    }
                }
                case BODY, CHUNK_DATA -> {
                    int take = (int) Math.min(left, in.remaining());
                    keep(in, take);
                    left -= take;
                    if (left == 0) {
                        state = state == State.BODY ? State.DONE : State.CHUNK_END;
                    }
                }
                case TO_END -> keep(in, in.remaining());
                default -> throw new IllegalStateException(state.name());
            }
        }
        return state == State.DONE ? answer() : null;
    }

    /** The connection ended: the answer if its end was the end of the connection; else what was cut short. */
    CollectorConnection.Answer endOfStream() throws IOException {
        if (state == State.TO_END) {
            state = State.DONE;
            return answer();
        }
        if (state == State.DONE) {
            return answer();
        }
        throw new EOFException(started ? "the collector closed the connection mid-answer"
                : "the connection closed before the answer");
    }

    /** Whether any byte of an answer has arrived: a connection that ends before that never answered. */
    boolean started() {
        return started;
    }

    /** Whether the connection must be closed after this answer: the collector said so, or the body ran to the end. */
    boolean closeAfter() {
        return closeAfter;
    }

    private void onLine(String complete) throws IOException {
        switch (state) {
            case STATUS_LINE -> onStatusLine(complete);
            case HEADERS -> onHeader(complete);
            case CHUNK_SIZE -> onChunkSize(complete);
            case CHUNK_END -> {
                if (!complete.isEmpty()) {
                    throw new IOException("a chunk is longer than its size says");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                // Trailers are read and ignored; an empty line ends them.
                if (complete.isEmpty()) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void onStatusLine(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + printable(statusLine));
        }
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + printable(statusLine));
        }
        if (status < 100 || status > 999) {
            throw new IOException("not an HTTP status: " + printable(statusLine));
        }
        headerLines = 0;
        contentLength = -1;
        chunked = false;
        closeAfter = parts[0].equals("HTTP/1.0");
        contentType = "";
        retryAfter = "";
        state = State.HEADERS;
    }

    private void onHeader(String header) throws IOException {
        if (header.isEmpty()) {
            onHeadersEnd();
            return;
        }
        if (++headerLines > MAX_HEADER_LINES) {
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

    private void onHeadersEnd() {
        if (status < 200) {
            // An interim answer (100 Continue, 103 Early Hints): no body, and the real answer follows.
            state = State.STATUS_LINE;
        } else if (status == 204 || status == 304) {
            // No body by definition, whatever the headers say.
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            left = contentLength;
            state = contentLength == 0 ? State.DONE : State.BODY;
        } else {
            closeAfter = true;
            state = State.TO_END;
        }
    }

    private void onChunkSize(String sizeLine) throws IOException {
        int extension = sizeLine.indexOf(';');
        String size = extension < 0 ? sizeLine : sizeLine.substring(0, extension);
        if (!CHUNK_SIZE.matcher(size).matches()) {
            throw new IOException("malformed chunk size: " + printable(sizeLine));
        }
        left = Long.parseLong(size.strip(), 16);
        state = left == 0 ? State.TRAILERS : State.CHUNK_DATA;
    }

    /** A CRLF- (or LF-) terminated line once it is complete; null while it is not. */
    private String readLine(ByteBuffer in) throws IOException {
        while (in.hasRemaining()) {
            byte next = in.get();
            if (next == '\n') {
                int end = line.length();
                String complete = end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1)
                        : line.toString();
                line.setLength(0);
                return complete;
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("answer line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) (next & 0xFF));
        }
        return null;
    }

    private void keep(ByteBuffer in, int bytes) {
        int kept = Math.max(0, Math.min(bytes, MAX_KEPT_BODY - body.size()));
        body.write(in.array(), in.arrayOffset() + in.position(), kept);
        in.position(in.position() + bytes);
    }

    private CollectorConnection.Answer answer() {
        return new CollectorConnection.Answer(status, contentType, retryAfter, body.toByteArray());
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
}
