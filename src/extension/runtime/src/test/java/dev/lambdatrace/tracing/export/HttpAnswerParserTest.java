package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The collector's answers as bytes alone: generated well-formed answers in every framing, cut into pieces at random,
 * truncated at every byte, and mutated at random; and the malformed answers the parser must refuse.
 */
class HttpAnswerParserTest {

    static final long SEED = 20261201L;
    static final int GENERATED = 1_500;

    /** A generated answer: its bytes, and what the parser must make of them. */
    record Case(byte[] wire, int status, String contentType, byte[] body, boolean delimitedByEnd, String description) {
    }

    @Test
    void everyWellFormedAnswerReadsTheSameHoweverItsBytesAreCut() throws IOException {
        Random random = new Random(SEED);
        for (int i = 0; i < GENERATED; i++) {
            Case answer = generate(random);
            for (int cut = 0; cut < 3; cut++) {
                // when
                CollectorConnection.Answer read = readInPieces(answer, random);

                // then
                String which = "case " + i + " (seed " + SEED + "): " + answer.description();
                assertNotNull(read, which);
                assertEquals(answer.status(), read.status(), which);
                assertEquals(answer.contentType(), read.contentType(), which);
                byte[] kept = Arrays.copyOf(answer.body(), Math.min(answer.body().length,
                        HttpAnswerParser.MAX_KEPT_BODY));
                assertArrayEquals(kept, read.body(), which);
            }
        }
    }

    @Test
    void answerCutShortAtAnyByteIsNeverTakenForAComplete() throws IOException {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < GENERATED / 10; i++) {
            Case answer = generate(random);
            for (int length : cuts(answer.wire(), random)) {
                HttpAnswerParser parser = new HttpAnswerParser();
                String which = "case " + i + " cut at " + length + " of " + answer.wire().length + ": "
                        + answer.description();
                ByteBuffer prefix = ByteBuffer.wrap(answer.wire(), 0, length);
                assertNull(parser.feed(prefix), which);
                if (answer.delimitedByEnd() && headersEnd(answer.wire()) <= length) {
                    // A body that runs to the end of the connection: the end is where it ends.
                    assertNotNull(parser.endOfStream(), which);
                } else {
                    EOFException cut = assertThrows(EOFException.class, parser::endOfStream, which);
                    assertEquals(length > 0, parser.started(), which + ": " + cut.getMessage());
                }
            }
        }
    }

    @Test
    void bytesAfterTheAnswerAreLeftForTheConnectionToSee() throws IOException {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < GENERATED / 10; i++) {
            Case answer = generate(random);
            if (answer.delimitedByEnd()) {
                continue;
            }
            byte[] extra = "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer in = ByteBuffer.wrap(concat(answer.wire(), extra));

            assertNotNull(new HttpAnswerParser().feed(in), answer.description());
            assertEquals(extra.length, in.remaining(), answer.description());
        }
    }

    @Test
    void randomlyDamagedAnswersAreReadOrRefusedWithAnIoExceptionAndNothingElse() {
        Random random = new Random(SEED + 3);
        int refused = 0;
        for (int i = 0; i < GENERATED * 2; i++) {
            Case answer = generate(random);
            byte[] damaged = damage(answer.wire(), random);
            HttpAnswerParser parser = new HttpAnswerParser();
            try {
                if (parser.feed(ByteBuffer.wrap(damaged)) == null) {
                    parser.endOfStream();
                }
            } catch (IOException expected) {
                refused++;
            } catch (RuntimeException e) {
                fail("case " + i + " (seed " + SEED + "): " + e + " on " + printable(damaged), e);
            }
        }
        assertTrue(refused > 0, "the damage was noticed at least once");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SSH-2.0-OpenSSH\r\n\r\n",
            "HTTP/1.1\r\n\r\n",
            "HTTP/1.1 abc OK\r\n\r\n",
            "HTTP/1.1 42 Too Small\r\n\r\n",
            "HTTP/2 200\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1O\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1234567890abcdef0\r\n"
    })
    void malformedAnswerIsRefused(String wire) {
        assertThrows(IOException.class, () -> new HttpAnswerParser()
                .feed(ByteBuffer.wrap(wire.getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void lineLongerThanTheLimitIsRefusedInsteadOfBuffered() {
        String wire = "HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(HttpAnswerParser.MAX_LINE) + "\r\n\r\n";

        IOException refused = assertThrows(IOException.class,
                () -> new HttpAnswerParser().feed(ByteBuffer.wrap(wire.getBytes(StandardCharsets.US_ASCII))));
        assertTrue(refused.getMessage().contains("longer than"), refused.getMessage());
    }

    @Test
    void tooManyHeadersAreRefused() {
        String wire = "HTTP/1.1 200 OK\r\n" + "X-A: b\r\n".repeat(HttpAnswerParser.MAX_HEADER_LINES + 1) + "\r\n";

        assertThrows(IOException.class,
                () -> new HttpAnswerParser().feed(ByteBuffer.wrap(wire.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void http10AndConnectionCloseSayTheConnectionEndsAfterTheAnswer() throws IOException {
        for (String wire : List.of("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")) {
            HttpAnswerParser parser = new HttpAnswerParser();
            assertNotNull(parser.feed(ByteBuffer.wrap(wire.getBytes(StandardCharsets.US_ASCII))), wire);
            assertTrue(parser.closeAfter(), wire);
        }
        HttpAnswerParser kept = new HttpAnswerParser();
        kept.feed(ByteBuffer.wrap("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
        assertEquals(false, kept.closeAfter());
    }

    /** One well-formed answer, in any of the framings, with headers in any case and order. */
    static Case generate(Random random) {
        int status = pickNumber(random, 200, 200, 200, 204, 304, 400, 404, 413, 429, 500, 503);
        String contentType = pick(random, "", "application/x-protobuf", "text/plain; charset=utf-8",
                "application/json");
        byte[] body = status == 204 || status == 304 ? new byte[0] : randomBody(random);
        int framing = status == 204 || status == 304 ? 0 : random.nextInt(3);
        StringBuilder head = new StringBuilder();
        List<String> description = new ArrayList<>();
        if (random.nextInt(5) == 0) {
            head.append("HTTP/1.1 100 Continue\r\n\r\n");
            description.add("after a 100");
        }
        String eol = random.nextInt(6) == 0 ? "\n" : "\r\n";
        head.append(random.nextBoolean() ? "HTTP/1.1 " : "HTTP/1.0 ").append(status).append(" Reason Phrase")
                .append(eol);
        List<String> headers = new ArrayList<>();
        if (!contentType.isEmpty()) {
            headers.add(caseOf(random, "Content-Type") + ": " + contentType);
        }
        if (random.nextBoolean()) {
            headers.add(caseOf(random, "Date") + ": Tue, 01 Dec 2026 22:00:00 GMT");
        }
        if (status == 429 || status == 503) {
            headers.add("Retry-After: 5");
        }
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        boolean delimitedByEnd = false;
        switch (framing) {
            case 0 -> {
                headers.add(caseOf(random, "Content-Length") + ": " + (random.nextBoolean() ? " " : "") + body.length);
                framed.writeBytes(body);
                description.add("content-length " + body.length);
            }
            case 1 -> {
                headers.add(caseOf(random, "Transfer-Encoding") + ": chunked");
                for (int from = 0; from < body.length; ) {
                    int size = Math.min(body.length - from, 1 + random.nextInt(Math.max(1, body.length)));
                    String hex = Integer.toHexString(size);
                    framed.writeBytes(((random.nextBoolean() ? hex.toUpperCase() : hex)
                            + (random.nextInt(4) == 0 ? ";name=value" : "") + eol).getBytes(StandardCharsets.US_ASCII));
                    framed.write(body, from, size);
                    framed.writeBytes(eol.getBytes(StandardCharsets.US_ASCII));
                    from += size;
                }
                framed.writeBytes(("0" + eol + (random.nextBoolean() ? "X-Trailer: t" + eol : "") + eol)
                        .getBytes(StandardCharsets.US_ASCII));
                description.add("chunked " + body.length);
            }
            default -> {
                delimitedByEnd = true;
                description.add("to the end, " + body.length);
            }
        }
        java.util.Collections.shuffle(headers, random);
        headers.forEach(header -> head.append(header).append(eol));
        head.append(eol);
        if (framing == 2) {
            framed.writeBytes(body);
        }
        byte[] wire = concat(head.toString().getBytes(StandardCharsets.US_ASCII), framed.toByteArray());
        return new Case(wire, status, contentType.toLowerCase(), body, delimitedByEnd,
                status + " " + String.join(", ", description));
    }

    private static CollectorConnection.Answer readInPieces(Case answer, Random random) throws IOException {
        HttpAnswerParser parser = new HttpAnswerParser();
        byte[] wire = answer.wire();
        for (int from = 0; from < wire.length; ) {
            int size = 1 + random.nextInt(Math.min(wire.length - from, 1 + random.nextInt(64)));
            CollectorConnection.Answer read = parser.feed(ByteBuffer.wrap(wire, from, size));
            from += size;
            if (read != null) {
                assertEquals(wire.length, from, "the answer ended before its last byte: " + answer.description());
                return read;
            }
        }
        return answer.delimitedByEnd() ? parser.endOfStream() : null;
    }

    /** Every byte of the head and the first and last 64 of the body, and 100 others at random. */
    private static int[] cuts(byte[] wire, Random random) {
        int head = Math.min(headersEnd(wire) + 64, wire.length);
        return java.util.stream.IntStream.concat(java.util.stream.IntStream.range(0, head),
                java.util.stream.IntStream.concat(java.util.stream.IntStream.range(Math.max(head, wire.length - 64),
                        wire.length), random.ints(100, head, Math.max(head + 1, wire.length))))
                .filter(cut -> cut < wire.length).distinct().toArray();
    }

    /** Where the headers of the final answer end (after any interim one). */
    private static int headersEnd(byte[] wire) {
        String text = new String(wire, StandardCharsets.ISO_8859_1);
        int interim = text.startsWith("HTTP/1.1 100") ? Math.max(text.indexOf("\r\n\r\n"), 0) + 4 : 0;
        int crlf = text.indexOf("\r\n\r\n", interim);
        int lf = text.indexOf("\n\n", interim);
        int end = crlf < 0 ? lf + 2 : lf < 0 ? crlf + 4 : Math.min(crlf + 4, lf + 2);
        return end;
    }

    private static byte[] damage(byte[] wire, Random random) {
        byte[] damaged = wire.clone();
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            int at = random.nextInt(damaged.length);
            damaged[at] = (byte) pickNumber(random, random.nextInt(256), '\r', '\n', ':', ';', ' ', '0', 'f', 'G');
        }
        return damaged;
    }

    private static byte[] randomBody(Random random) {
        int length = pickNumber(random, 0, 1, 2, 15, 16, 17, 200, 4_096, HttpAnswerParser.MAX_KEPT_BODY + 10);
        byte[] body = new byte[length];
        random.nextBytes(body);
        return body;
    }

    private static String caseOf(Random random, String name) {
        return switch (random.nextInt(3)) {
            case 0 -> name.toLowerCase();
            case 1 -> name.toUpperCase();
            default -> name;
        };
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static int pickNumber(Random random, int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static String printable(byte[] wire) {
        return HttpAnswerParser.printable(new String(wire, 0, Math.min(wire.length, 200), StandardCharsets.ISO_8859_1));
    }
}
