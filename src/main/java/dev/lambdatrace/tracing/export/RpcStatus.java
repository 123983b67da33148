package dev.lambdatrace.tracing.export;

import java.util.Optional;

/**
 * The {@code google.rpc.Status} an OTLP/HTTP collector answers an error with, when it answers in protobuf: the
 * gRPC code and the message a person can read.
 */
record RpcStatus(int code, String message) {

    private static final int CODE = 1;
    private static final int MESSAGE = 2;

    /** Decodes an error body; empty if it is not a {@code google.rpc.Status}. */
    static Optional<RpcStatus> of(byte[] body) {
        try {
            ProtobufReader reader = new ProtobufReader(body);
            int code = 0;
            String message = null;
            while (reader.next()) {
                if (reader.field() == CODE && reader.wireType() == ProtobufReader.VARINT) {
                    code = (int) reader.varint();
                } else if (reader.field() == MESSAGE && reader.wireType() == ProtobufReader.LENGTH_DELIMITED) {
                    message = reader.string();
                } else {
                    reader.skip();
                }
            }
            return message == null ? Optional.empty() : Optional.of(new RpcStatus(code, message));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
