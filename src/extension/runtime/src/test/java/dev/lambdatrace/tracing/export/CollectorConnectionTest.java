package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connection against scripted loopback servers that answer the ways an HTTP server may.
 */
class CollectorConnectionTest {

    // What a 300 ms deadline must cut short: the slow peers below take 5 s or more to finish.
    static final long PEER_TAKES_MILLIS = 4_000;

    // Far longer than any test may take: an exchange that runs into it did not end when it should have.
    static final Duration NEVER = Duration.ofMinutes(2);
    static final Duration GENEROUS = Duration.ofSeconds(20);

    /** What the scripted server does with one request on one connection; false ends the connection. */
    interface Script {
        boolean answer(String request, OutputStream out, int requestNumber) throws IOException;
    }

    ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void postsHeadersAndBodyAndReadsAContentLengthResponse() throws Exception {
        // given
        server = new ScriptedServer((request, out, n) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            return true;
        });
        CollectorConnection connection = connectionTo("/v1/traces");

        // when
        int status = connection.post("abc".getBytes(StandardCharsets.US_ASCII), deadlineIn(Duration.ofSeconds(2))).status();

        // then
        assertEquals(200, status);
        String request = server.requests.get(0);
        assertTrue(request.startsWith("POST /v1/traces HTTP/1.1\r\n"), request);
        assertTrue(request.contains("Content-Type: application/x-protobuf\r\n"), request);
        assertTrue(request.contains("Content-Length: 3\r\n"), request);
        assertTrue(request.endsWith("\r\n\r\nabc"), request);
    }

    @Test
    void keepsTheConnectionForTheNextPost() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return true;
        });
        CollectorConnection connection = connectionTo("/v1/traces");

        for (int i = 0; i < 5; i++) {
            assertEquals(200, connection.post(new byte[0], deadlineIn(Duration.ofSeconds(2))).status());
        }

        assertEquals(1, server.connections.get());
        assertEquals(5, server.requests.size());
    }

    @Test
    void readsAChunkedResponseToItsEndAndKeepsTheConnection() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return true;
        });
        CollectorConnection connection = connectionTo("/v1/traces");

        assertEquals(200, connection.post(new byte[0], deadlineIn(Duration.ofSeconds(2))).status());
        assertEquals(200, connection.post(new byte[0], deadlineIn(Duration.ofSeconds(2))).status());

        assertEquals(1, server.connections.get());
    }

    @Test
    void responseWithoutLengthRunsToTheEndOfTheConnection() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write("HTTP/1.0 202 Accepted\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII));
            return false;
        });
        CollectorConnection connection = connectionTo("/v1/traces");

        assertEquals(202, connection.post(new byte[0], deadlineIn(Duration.ofSeconds(2))).status());
        assertEquals(202, connection.post(new byte[0], deadlineIn(Duration.ofSeconds(2))).status());

        assertEquals(2, server.connections.get());
    }

    @Test
    void keptConnectionTheServerClosedIsRetriedOnceOnAFreshOne() throws Exception {
        // given: the server answers one request per connection, then closes without saying so
        server = new ScriptedServer((request, out, n) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return false;
        });
        CollectorConnection connection = connectionTo("/v1/traces");
        assertEquals(200, connection.post(new byte[0], deadlineIn(Duration.ofSeconds(2))).status());
        server.awaitClosed(1);

        // when
        int status = connection.post(new byte[0], deadlineIn(Duration.ofSeconds(2))).status();

        // then
        assertEquals(200, status);
        assertEquals(2, server.requests.size());
    }

    /** At most once: a collector that may have exported the request is never sent it again, so X-Ray never shows it twice. */
    @Test
    void keptConnectionClosedAfterTheWholeRequestWithoutAnAnswerIsNotSentAgain() throws Exception {
        // given: the first request answered on a kept connection; the second taken whole, then the connection closed
        server = new ScriptedServer((request, out, n) -> {
            if (n == 2) {
                return false;
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return true;
        });
        CollectorConnection connection = connectionTo("/v1/traces");
        assertEquals(200, connection.post("first".getBytes(StandardCharsets.US_ASCII),
                deadlineIn(Duration.ofSeconds(2))).status());

        // when
        IOException unanswered = assertThrows(IOException.class, () -> connection.post(
                "second".getBytes(StandardCharsets.US_ASCII), deadlineIn(Duration.ofSeconds(2))));

        // then: the next request is the server's third, so nothing was resent before it
        assertTrue(unanswered.getMessage().contains("is not sent again"), unanswered.getMessage());
        assertEquals(200, connection.post("third".getBytes(StandardCharsets.US_ASCII),
                deadlineIn(Duration.ofSeconds(2))).status());
        assertEquals(3, server.requests.size(), server.requests.toString());
        assertTrue(server.requests.get(2).endsWith("third"), "the second request was resent: " + server.requests);
        assertEquals(2, server.connections.get(), "one connection for the first two, one for the third");
    }

    @Test
    void failedRetryClosesTheConnectionSoALaterPostNeverReadsAnAnswerMeantForAnother() throws Exception {
        // given: request 1 is answered, then its connection closed while idle; the retry of request 2 is answered
        // only after its deadline, and distinguishably
        java.util.concurrent.CountDownLatch lateAnswerWritten = new java.util.concurrent.CountDownLatch(1);
        server = new ScriptedServer((request, out, n) -> {
            if (n == 2) {
                sleep(400);
                out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                lateAnswerWritten.countDown();
                return true;
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return n != 1;
        });
        CollectorConnection connection = connectionTo("/v1/traces");
        assertEquals(200, connection.post(new byte[0], deadlineIn(Duration.ofSeconds(2))).status());
        server.awaitClosed(1);
        assertThrows(SocketTimeoutException.class,
                () -> connection.post(new byte[0], deadlineIn(Duration.ofMillis(200))));
        assertTrue(lateAnswerWritten.await(GENEROUS.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));

        // when
        int third = connection.post(new byte[0], deadlineIn(Duration.ofSeconds(2))).status();

        // then
        assertEquals(200, third, "the third post read the late answer to the second");
        assertEquals(3, server.requests.size());
    }

    @Test
    void writeToACollectorThatStopsReadingEndsAtTheDeadline() throws Exception {
        // given: a peer that accepts and never reads, so the socket buffers fill up
        try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = deaf.accept()) {
                    sleep(5_000);
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            CollectorConnection connection = new CollectorConnection(
                    URI.create("http://127.0.0.1:" + deaf.getLocalPort() + "/v1/traces"), "x", Map.of());

            // when
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class,
                    () -> connection.post(new byte[64 * 1024 * 1024], deadlineIn(Duration.ofMillis(300))));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            // then: not before the deadline, and long before the peer's 5 s, however loaded this machine is
            assertTrue(tookMillis >= 250 && tookMillis < PEER_TAKES_MILLIS, "took " + tookMillis + " ms");
        }
    }

    @Test
    void bodyDribbledAByteAtATimeEndsAtTheDeadline() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 80\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 80; i++) {
                out.write('x');
                out.flush();
                sleep(100);
            }
            return false;
        });
        CollectorConnection connection = connectionTo("/v1/traces");

        long start = System.nanoTime();
        assertThrows(SocketTimeoutException.class,
                () -> connection.post(new byte[0], deadlineIn(Duration.ofMillis(300))));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        // Long before the 8 s the body takes, however loaded this machine is.
        assertTrue(tookMillis < PEER_TAKES_MILLIS, "took " + tookMillis + " ms");
    }

    @ParameterizedTest
    @ValueSource(strings = { "204 No Content", "304 Not Modified" })
    void answerWithoutABodyByDefinitionReturnsAtOnceAndKeepsTheConnection(String status) throws Exception {
        // given: no Content-Length and a connection kept open, which would mean "body to the end" for a 200
        server = new ScriptedServer((request, out, n) -> {
            out.write(("HTTP/1.1 " + status + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return true;
        });
        CollectorConnection connection = connectionTo("/v1/traces");

        // when: a wait for a body that never comes would run into the minute-long deadline
        int first = assertTimeoutPreemptively(GENEROUS, () -> connection.post(new byte[0], deadlineIn(NEVER)).status());
        int second = assertTimeoutPreemptively(GENEROUS, () -> connection.post(new byte[0], deadlineIn(NEVER)).status());

        // then
        assertEquals(first, second);
        assertEquals(1, server.connections.get());
    }

    @Test
    void answerThatArrivesBeforeTheWholeRequestIsTheRefusalAndTheRequestIsNeverSentAgain() throws Exception {
        // given: a server that answers 413 to the headers of a large request, leaves its body unread and closes
        server = new ScriptedServer((request, out, n) -> {
            if (n == 1) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return true;
            }
            out.write("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sleep(300);
            return false;
        }, false);
        CollectorConnection connection = connectionTo("/v1/traces");
        assertEquals(200, connection.post(new byte[0], deadlineIn(Duration.ofSeconds(5))).status());

        // when: more than loopback's socket buffers take before the server reads
        int status = connection.post(new byte[32 * 1024 * 1024], deadlineIn(Duration.ofSeconds(10))).status();

        // then
        assertEquals(413, status);
        assertEquals(2, server.requests.size(), "not sent again");
        assertEquals(1, server.connections.get(), "no second connection for a resend");
    }

    @Test
    void bytesAfterTheAnswerCloseTheConnectionSoTheNextPostStartsClean() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 500 Stray\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return true;
        });
        CollectorConnection connection = connectionTo("/v1/traces");

        int first = connection.post(new byte[0], deadlineIn(Duration.ofSeconds(5))).status();
        int second = connection.post(new byte[0], deadlineIn(Duration.ofSeconds(5))).status();

        assertEquals(200, first);
        assertEquals(200, second, "the stray bytes were not read as the second answer");
        assertEquals(2, server.connections.get());
    }

    @ParameterizedTest
    @ValueSource(strings = { "+5", "-5", " 5", "0x5", "", "5 5" })
    void chunkSizeThatIsNotHexDigitsIsMalformed(String size) throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\nhello\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return true;
        });

        IOException error = assertThrows(IOException.class,
                () -> connectionTo("/v1/traces").post(new byte[0], deadlineIn(Duration.ofSeconds(5))));

        assertTrue(error.getMessage().contains("malformed chunk size"), error.getMessage());
    }

    @Test
    void chunkLongerThanItsSizeIsMalformed() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return true;
        });

        IOException error = assertThrows(IOException.class,
                () -> connectionTo("/v1/traces").post(new byte[0], deadlineIn(Duration.ofSeconds(5))));

        assertTrue(error.getMessage().contains("longer than its size"), error.getMessage());
    }

    @Test
    void chunkExtensionsAndUpperCaseSizesAreRead() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA;name=value\r\n0123456789\r\n0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return true;
        });

        byte[] body = connectionTo("/v1/traces").post(new byte[0], deadlineIn(Duration.ofSeconds(5))).body();

        assertEquals("0123456789", new String(body, StandardCharsets.US_ASCII));
    }

    @Test
    void interruptedThreadEndsTheExchangeInsteadOfSpinningUntilTheDeadline() throws Exception {
        // given: a server that never answers, and an invocation thread someone interrupted
        server = new ScriptedServer((request, out, n) -> {
            sleep(60_000);
            return false;
        });
        CollectorConnection connection = connectionTo("/v1/traces");
        Thread.currentThread().interrupt();

        // when
        long start = System.nanoTime();
        try {
            assertThrows(java.io.InterruptedIOException.class, () -> connection.post(new byte[0], deadlineIn(NEVER)));
        } finally {
            Thread.interrupted();
        }

        // then
        assertTrue(System.nanoTime() - start < GENEROUS.toNanos(), "spun until the deadline");
    }

    @Test
    void interimAnswerIsSkippedForTheFinalOne() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write(("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").getBytes(StandardCharsets.US_ASCII));
            return true;
        });

        CollectorConnection.Answer answer = connectionTo("/v1/traces").post(new byte[0],
                deadlineIn(Duration.ofSeconds(2)));

        assertEquals(200, answer.status());
        assertEquals("ok", new String(answer.body(), StandardCharsets.US_ASCII));
    }

    @Test
    void configuredHeadersGoOnEveryRequest() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return true;
        });
        CollectorConnection connection = new CollectorConnection(
                URI.create("http://127.0.0.1:" + server.port() + "/v1/traces"), "application/x-protobuf",
                Map.of("Authorization", "Basic dXNlcg=="));

        connection.post(new byte[0], deadlineIn(Duration.ofSeconds(2)));

        assertTrue(server.requests.get(0).contains("\r\nAuthorization: Basic dXNlcg==\r\n"), server.requests.get(0));
    }

    @Test
    void errorStatusIsReturnedNotThrown() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy".getBytes(StandardCharsets.US_ASCII));
            return true;
        });

        assertEquals(503, connectionTo("/v1/traces").post(new byte[0], deadlineIn(Duration.ofSeconds(2))).status());
    }

    /** Two flushes at once: the second waits for the connection within its own deadline, not the first's. */
    @Test
    void postWaitingForTheConnectionGivesUpAtItsOwnDeadline() throws Exception {
        // given: a silent collector, and a first post holding the connection for a long deadline
        server = new ScriptedServer((request, out, n) -> {
            sleep(PEER_TAKES_MILLIS + 1_000);
            return false;
        });
        CollectorConnection connection = connectionTo("/v1/traces");
        Thread first = new Thread(() -> assertThrows(IOException.class,
                () -> connection.post(new byte[0], deadlineIn(Duration.ofMillis(PEER_TAKES_MILLIS + 500)))));
        first.start();
        long waitFor = System.nanoTime() + GENEROUS.toNanos();
        while (server.requests.isEmpty() && System.nanoTime() < waitFor) {
            Thread.sleep(5);
        }

        // when: a second post with 300 ms left
        long start = System.nanoTime();
        SocketTimeoutException late = assertThrows(SocketTimeoutException.class,
                () -> connection.post(new byte[0], deadlineIn(Duration.ofMillis(300))));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        // then: it ends near its own deadline, long before the first post's
        assertTrue(tookMillis < PEER_TAKES_MILLIS, "took " + tookMillis + " ms");
        assertTrue(late.getMessage().contains("busy"), late.getMessage());
        assertEquals(1, server.requests.size(), "the second request was never written");
        first.join(NEVER.toMillis());
    }

    @Test
    void postWithNoTimeLeftWritesNothing() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return true;
        });
        CollectorConnection connection = connectionTo("/v1/traces");
        assertEquals(200, connection.post(new byte[0], deadlineIn(Duration.ofSeconds(2))).status());

        assertThrows(SocketTimeoutException.class, () -> connection.post("late".getBytes(StandardCharsets.US_ASCII),
                System.nanoTime() - 1));

        // then: the server, which serves one connection after the other, got the first request and the next only
        assertEquals(200, connection.post("next".getBytes(StandardCharsets.US_ASCII),
                deadlineIn(Duration.ofSeconds(2))).status());
        assertEquals(2, server.requests.size(), "nothing was written past the deadline: " + server.requests);
    }

    /** At shutdown the exporter's exchange in flight is ended at once, not at its own deadline. */
    @Test
    void abortEndsTheExchangeInFlightAtOnce() throws Exception {
        // given: a silent collector and an exchange waiting for its answer
        server = new ScriptedServer((request, out, n) -> {
            sleep(PEER_TAKES_MILLIS + 1_000);
            return false;
        });
        CollectorConnection connection = connectionTo("/v1/traces");
        java.util.concurrent.CompletableFuture<Throwable> ended = new java.util.concurrent.CompletableFuture<>();
        Thread exporter = new Thread(() -> {
            try {
                connection.post(new byte[0], deadlineIn(Duration.ofMillis(PEER_TAKES_MILLIS + 500)));
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        });
        exporter.start();
        long waitFor = System.nanoTime() + GENEROUS.toNanos();
        while (server.requests.isEmpty() && System.nanoTime() < waitFor) {
            Thread.sleep(5);
        }

        // when
        long start = System.nanoTime();
        connection.abort("the shutdown budget ran out");
        Throwable failure = ended.get(GENEROUS.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        // then
        assertTrue(failure instanceof IOException, String.valueOf(failure));
        assertTrue(failure.getMessage().contains("the shutdown budget ran out"), failure.getMessage());
        assertTrue(tookMillis < PEER_TAKES_MILLIS, "took " + tookMillis + " ms");
    }

    @Test
    void silentServerTimesOutAtTheDeadline() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            sleep(5_000);
            return false;
        });
        CollectorConnection connection = connectionTo("/v1/traces");

        long start = System.nanoTime();
        assertThrows(SocketTimeoutException.class,
                () -> connection.post(new byte[0], deadlineIn(Duration.ofMillis(300))));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        // Not before the deadline, and long before the server's 5 s, however loaded this machine is.
        assertTrue(tookMillis >= 250 && tookMillis < PEER_TAKES_MILLIS, "took " + tookMillis + " ms");
    }

    @Test
    void serverThatDripsItsHeadersPastTheDeadlineTimesOut() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 20; i++) {
                out.write(("X-Drip-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sleep(500);
            }
            return false;
        });
        CollectorConnection connection = connectionTo("/v1/traces");

        // then: cut at the deadline, long before the 10 s the headers take
        assertThrows(SocketTimeoutException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> connection.post(new byte[0], deadlineIn(Duration.ofMillis(300)))));
    }

    @Test
    void somethingThatIsNotHttpIsAnError() throws Exception {
        server = new ScriptedServer((request, out, n) -> {
            out.write("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.US_ASCII));
            return false;
        });

        assertThrows(IOException.class,
                () -> connectionTo("/v1/traces").post(new byte[0], deadlineIn(Duration.ofSeconds(2))).status());
    }

    @Test
    void nothingListeningIsAnImmediateError() throws Exception {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }
        CollectorConnection connection = new CollectorConnection(
                URI.create("http://127.0.0.1:" + freePort + "/v1/traces"), "application/x-protobuf", Map.of());

        assertThrows(IOException.class, () -> assertTimeoutPreemptively(GENEROUS,
                () -> connection.post(new byte[0], deadlineIn(NEVER)).status()));
    }

    @Test
    void httpsEndpointIsRejectedWithAClearMessage() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new CollectorConnection(URI.create("https://collector.example.com/v1/traces"), "x", Map.of()));

        assertTrue(error.getMessage().contains("http://"), error.getMessage());
    }

    private CollectorConnection connectionTo(String path) throws IOException {
        return new CollectorConnection(URI.create("http://127.0.0.1:" + server.port() + path), "application/x-protobuf",
                Map.of());
    }

    static long deadlineIn(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A loopback HTTP server driven by a script; reads requests with a Content-Length body. */
    static final class ScriptedServer implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        // Connections this server has closed on its side (counted once the socket is closed).
        final AtomicInteger closed = new AtomicInteger();
        private final ServerSocket socket;
        private final Thread acceptor;

        private final boolean readsBodies;

        ScriptedServer(Script script) throws IOException {
            this(script, true);
        }

        /** With {@code readsBodies} false, a request's body is left unread, as a server refusing it early does. */
        ScriptedServer(Script script, boolean readsBodies) throws IOException {
            this.readsBodies = readsBodies;
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        connections.incrementAndGet();
                        serve(client, script);
                    } catch (IOException ignored) {
                        // closed: the test is over, or the client went away
                    }
                    closed.incrementAndGet();
                }
            }, "scripted-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        /** Waits until this server has closed {@code count} connections on its side. */
        void awaitClosed(int count) throws InterruptedException {
            long until = System.nanoTime() + GENEROUS.toNanos();
            while (closed.get() < count) {
                if (System.nanoTime() > until) {
                    throw new AssertionError("the server did not close " + count + " connection(s)");
                }
                Thread.sleep(5);
            }
        }

        private void serve(Socket client, Script script) throws IOException {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                String request = readRequest(in, readsBodies);
                if (request == null) {
                    return;
                }
                requests.add(request);
                boolean keep = script.answer(request, out, requests.size());
                out.flush();
                if (!keep) {
                    return;
                }
            }
        }

        private static String readRequest(InputStream in, boolean withBody) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int next = in.read();
                if (next < 0) {
                    return null;
                }
                head.write(next);
                matched = (next == "\r\n\r\n".charAt(matched)) ? matched + 1 : (next == '\r' ? 1 : 0);
            }
            // ISO-8859-1: one char per byte, so a binary body arrives intact.
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return withBody ? headers + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1) : headers;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
