package org.acme.greetings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

/**
 * The log lines the application writes while a test runs, each with the MDC it was written with and its thread.
 */
final class CapturedLines extends ExtHandler implements AutoCloseable {

    /** One line. */
    record Line(String logger, String message, String thread, Map<String, String> mdc) {
    }

    private final List<Line> lines = Collections.synchronizedList(new ArrayList<>());
    private final Logger root = LogContext.getLogContext().getLogger("");

    private CapturedLines() {
        root.addHandler(this);
    }

    static CapturedLines start() {
        return new CapturedLines();
    }

    /** The lines of loggers under {@code prefix}. */
    List<Line> of(String prefix) {
        synchronized (lines) {
            return lines.stream().filter(line -> line.logger() != null && line.logger().startsWith(prefix)).toList();
        }
    }

    @Override
    protected void doPublish(ExtLogRecord record) {
        lines.add(new Line(record.getLoggerName(), record.getFormattedMessage(), record.getThreadName(),
                record.getMdcCopy()));
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
