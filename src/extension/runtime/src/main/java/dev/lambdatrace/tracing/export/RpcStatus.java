package dev.lambdatrace.tracing.export;

import java.util.Optional;

/**
 * The {@code google.rpc.Status} an OTLP/HTTP collector answers an error with, when it answers in protobuf: only its
 * message, which a person can read, is kept for the log.
 */
final class RpcStatus {

    private static final int MESSAGE = 2;

    /** The message of an error body; empty if it is not a {@code google.rpc.Status} with one. */
    static Optional<String> messageOf(byte[] body) {
        try {
            ProtobufReader reader = new ProtobufReader(body);
            String message = null;
            while (reader.next()) {
                if (reader.field() == MESSAGE && reader.wireType() == ProtobufReader.LENGTH_DELIMITED) {
                    message = reader.string();
                } else {
                    reader.skip();
                }
            }
            return Optional.ofNullable(message);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private RpcStatus() {
    }
}
