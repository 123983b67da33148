package dev.lambdatrace.tracing.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class HostAddressTest {

    static final Duration GENEROUS = Duration.ofSeconds(20);

    @Test
    void hostIsLookedUpOnceAtStartAndNotAgainWhileItWorks() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        HostAddress address = new HostAddress("collector", 4318, "the collector", host -> {
            lookups.incrementAndGet();
            return InetAddress.getLoopbackAddress();
        });

        address.resolve(System.nanoTime() + 1_000_000_000L);
        address.resolve(System.nanoTime() + 1_000_000_000L);

        assertEquals(1, lookups.get());
    }

    @Test
    void slowLookupDuringAFlushEndsAtTheDeadline() {
        // given: a name that did not resolve at start, and a resolver that now hangs for a minute, as an unreachable
        // DNS server does
        AtomicInteger lookups = new AtomicInteger();
        HostAddress address = new HostAddress("collector", 4318, "the collector", host -> {
            if (lookups.incrementAndGet() > 1) {
                sleep(60_000);
            }
            throw new UnknownHostException(host);
        });

        // when, then: cut at the flush's deadline, not a minute later
        assertThrows(CollectorConnection.DeadlineException.class, () -> assertTimeoutPreemptively(GENEROUS,
                () -> address.resolve(System.nanoTime() + 200_000_000L)));
    }

    /** A hanging resolver and a flush after each invocation: the lookups wait on one thread, never one each. */
    @Test
    void flushesThatFindAResolverHangingShareOneLookupInsteadOfPilingUpThreads() {
        // given
        AtomicInteger lookups = new AtomicInteger();
        java.util.concurrent.CountDownLatch testOver = new java.util.concurrent.CountDownLatch(1);
        HostAddress address = new HostAddress("collector", 4318, "the collector", host -> {
            if (lookups.incrementAndGet() > 1) {
                try {
                    testOver.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new UnknownHostException(host);
        });

        java.util.Set<Thread> before = lookupThreads();

        // when: ten flushes, each giving up at its deadline
        for (int i = 0; i < 10; i++) {
            assertThrows(CollectorConnection.DeadlineException.class,
                    () -> address.resolve(System.nanoTime() + 20_000_000L));
        }

        // then: one more lookup thread (another test's may still hang)
        java.util.Set<Thread> started = lookupThreads();
        started.removeAll(before);
        testOver.countDown();
        assertEquals(1, started.size(), started.toString());
        assertEquals(2, lookups.get(), "the one at start, and one since");
    }

    @Test
    void forgottenAddressIsLookedUpAgainAtTheNextConnection() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        HostAddress address = new HostAddress("collector", 4318, "the collector", host -> {
            lookups.incrementAndGet();
            return InetAddress.getLoopbackAddress();
        });

        address.forget();
        address.resolve(System.nanoTime() + 5_000_000_000L);

        assertEquals(2, lookups.get());
    }

    @Test
    void hostThatDoesNotResolveIsAnErrorNamingIt() {
        HostAddress address = new HostAddress("collector.invalid", 4318, "the collector", host -> {
            throw new UnknownHostException(host);
        });

        Exception error = assertThrows(java.io.IOException.class,
                () -> address.resolve(System.nanoTime() + 5_000_000_000L));

        assertEquals("cannot resolve the collector's host collector.invalid", error.getMessage());
    }

    private static java.util.Set<Thread> lookupThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("address-lookup") && thread.isAlive())
                .collect(java.util.stream.Collectors.toSet());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
