package dev.lambdatrace.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Ports on 127.0.0.1 for the real components, which take theirs on the command line rather than picking one.
 */
public final class LoopbackPorts {

    /** A port free right now; the component that is given it binds it a moment later. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code process} accepts connections on {@code port}; kills it and throws with {@code output} if it
     * dies or takes longer than {@code limit}.
     */
    public static void awaitListening(Process process, int port, Duration limit, Supplier<String> output) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(process.info().command().orElse("the process")
                        + " did not start listening on 127.0.0.1:" + port + ": " + output.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private LoopbackPorts() {
    }
}
