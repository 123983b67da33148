package dev.lambdatrace.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends SIGSTOP and SIGCONT to a sandbox's processes, the way Lambda freezes and thaws a sandbox. Java has no API for
 * either, and forking {@code kill} for each signal would load the machine while the lab measures; so one shell stays
 * open and its {@code kill} builtin sends each signal without a fork, answering once the kernel has taken it.
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

    /** Stops the function's process, then the processes beside it, in one command. */
    void stop(long function, List<Long> beside) {
        send("kill -STOP " + function + " && { " + quietly("STOP", beside) + "echo ok; } || echo failed", function);
    }

    /** Resumes the processes beside the function first, so that they are running when the function needs them. */
    void resume(long function, List<Long> beside) {
        send(quietly("CONT", beside) + "kill -CONT " + function + " && echo ok || echo failed", function);
    }

    /** Resumes only the processes beside a function that has ended, so that they can end too. */
    void resume(List<Long> beside) {
        send(quietly("CONT", beside) + "echo ok", -1);
    }

    /**
     * A process beside the function may have died (a test kills a collector), and the sandbox's own accounting sees
     * that; so its signal may fail without failing the freeze. The shell's error would otherwise read as its answer.
     */
    private static String quietly(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return "";
        }
        StringBuilder command = new StringBuilder("kill -" + signal);
        pids.forEach(pid -> command.append(' ').append(pid));
        return command.append(" 2>/dev/null; ").toString();
    }

    private synchronized void send(String command, long pid) {
        try {
            commands.write(command + "\n");
            commands.flush();
            String answer = answers.readLine();
            if (!"ok".equals(answer)) {
                throw new IllegalStateException("'" + command + "' answered " + answer);
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
