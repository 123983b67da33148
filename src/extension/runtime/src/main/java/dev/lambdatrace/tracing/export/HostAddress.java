package dev.lambdatrace.tracing.export;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The socket address of a receiver on the invocation's path: the collector, or the X-Ray daemon. Its host is looked up
 * once, when the function starts (the collector layer's {@code localhost} is in {@code /etc/hosts}), and again only
 * after a connection or a send to it failed. A lookup during a flush runs on a thread of its own, so that a slow
 * resolver costs the flush no more than its deadline; one at a time: a flush that finds a lookup under way waits
 * for that one, so a hanging resolver holds one thread, never one per flush.
 */
final class HostAddress {

    /** How a host name becomes an address: the JDK's resolver, or a test's. */
    @FunctionalInterface
    interface Lookup {
        InetAddress byName(String host) throws UnknownHostException;
    }

    private final String host;
    private final int port;
    private final String receiver;
    private final Lookup lookup;
    private volatile InetSocketAddress resolved;
    private FutureTask<InetAddress> pending;

    /** {@code receiver} names it in errors: "the collector". */
    HostAddress(String host, int port, String receiver) {
        this(host, port, receiver, InetAddress::getByName);
    }

    HostAddress(String host, int port, String receiver, Lookup lookup) {
        this.host = host;
        this.port = port;
        this.receiver = receiver;
        this.lookup = lookup;
        try {
            this.resolved = new InetSocketAddress(lookup.byName(host), port);
        } catch (UnknownHostException e) {
            // Looked up again at the first flush: the name may resolve by then.
        }
    }

    /** The address to connect to, looked up within {@code deadlineNanos} if it is not known. */
    InetSocketAddress resolve(long deadlineNanos) throws IOException {
        InetSocketAddress known = resolved;
        if (known != null) {
            return known;
        }
        FutureTask<InetAddress> lookingUp = lookupUnderWay();
        try {
            known = new InetSocketAddress(lookingUp.get(Math.max(0, deadlineNanos - System.nanoTime()),
                    TimeUnit.NANOSECONDS), port);
        } catch (TimeoutException e) {
            throw new CollectorConnection.DeadlineException("no address for " + receiver + "'s host " + host
                    + " within the flush timeout");
        } catch (ExecutionException e) {
            throw new IOException("cannot resolve " + receiver + "'s host " + host, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the flush was interrupted while it looked up " + host);
        }
        resolved = known;
        return known;
    }

    /** The lookup under way, or a new one if the last one has finished (its answer was taken, or failed). */
    private synchronized FutureTask<InetAddress> lookupUnderWay() {
        if (pending == null || pending.isDone()) {
            pending = new FutureTask<>(() -> lookup.byName(host));
            Thread thread = new Thread(pending, "address-lookup");
            thread.setDaemon(true);
            thread.start();
        }
        return pending;
    }

    /** After a failed connection or send: the host is looked up again, in case the receiver moved. */
    void forget() {
        resolved = null;
    }
}
