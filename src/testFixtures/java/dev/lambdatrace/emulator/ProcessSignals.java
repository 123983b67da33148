package dev.lambdatrace.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Sends SIGSTOP and SIGCONT to a process, the way Lambda freezes and thaws a sandbox. Java has no API for either, and
 * forking {@code kill} for each signal would load the machine while the lab measures; so one shell stays open and
 * its {@code kill} builtin sends each signal without a fork, answering once the kernel has taken it.
 */
final class ProcessSignals implements AutoCloseable {

    private final Process shell;
    private final Writer commands;
    private final BufferedReader answers;

    ProcessSignals() {
        try {
            shell = new ProcessBuilder("bash", "--noprofile", "--norc").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start bash to send signals", e);
        }
        commands = new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.US_ASCII);
        answers = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII));
    }

    void stop(long pid) {
        send("STOP", pid);
    }

    void resume(long pid) {
        send("CONT", pid);
    }

    private synchronized void send(String signal, long pid) {
        try {
            commands.write("kill -" + signal + " " + pid + " && echo ok || echo failed\n");
            commands.flush();
            String answer = answers.readLine();
            if (!"ok".equals(answer)) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " answered " + answer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal process " + pid, e);
        }
    }

    @Override
    public synchronized void close() {
        shell.destroy();
        try {
            shell.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
