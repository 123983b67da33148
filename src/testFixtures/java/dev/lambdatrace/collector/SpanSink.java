package dev.lambdatrace.collector;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Somewhere a function under test sends its spans: the OTLP receiver, or the X-Ray daemon's UDP stand-in.
 */
public interface SpanSink extends AutoCloseable {

    /** What the function is told, in the form its transport expects (a URL, or host:port). */
    String address();

    /** Every span received so far. */
    List<ReceivedSpan> spans();

    /** Takes in whatever has arrived; a sink that receives on its own thread does nothing here. */
    default void collect() {
    }

    /** Whether the function waits for this sink's answer, so that a span's arrival can be compared with the response. */
    boolean acknowledges();

    /** Stops receiving: the function's next sends go nowhere. */
    void refuseConnections();

    /** A position in the stream of received spans, for {@link #spansSince(int)}. */
    default int mark() {
        return spans().size();
    }

    /** The spans received after {@code mark}, in the order they arrived. */
    default List<ReceivedSpan> spansSince(int mark) {
        List<ReceivedSpan> all = spans();
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    default Map<String, List<ReceivedSpan>> spansByTrace() {
        return spans().stream().collect(Collectors.groupingBy(ReceivedSpan::traceId));
    }

    @Override
    void close();
}
