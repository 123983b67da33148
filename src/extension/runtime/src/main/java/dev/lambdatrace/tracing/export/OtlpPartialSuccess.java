package dev.lambdatrace.tracing.export;

/**
 * The {@code partial_success} of an OTLP {@code ExportTraceServiceResponse}: how many spans the collector rejected
 * although it answered 200, and why.
 */
record OtlpPartialSuccess(long rejectedSpans, String errorMessage) {

    static final OtlpPartialSuccess NONE = new OtlpPartialSuccess(0, "");

    private static final int PARTIAL_SUCCESS = 1;
    private static final int REJECTED_SPANS = 1;
    private static final int ERROR_MESSAGE = 2;

    /** Decodes a response body; a body that is empty or not protobuf means no partial success. */
    static OtlpPartialSuccess of(byte[] response) {
        try {
            ProtobufReader outer = new ProtobufReader(response);
            OtlpPartialSuccess found = NONE;
            while (outer.next()) {
                if (outer.field() == PARTIAL_SUCCESS && outer.wireType() == ProtobufReader.LENGTH_DELIMITED) {
                    found = partialSuccess(outer.message());
                } else {
                    outer.skip();
                }
            }
            return found;
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return NONE;
        }
    }

    private static OtlpPartialSuccess partialSuccess(ProtobufReader reader) {
        long rejected = 0;
        String message = "";
        while (reader.next()) {
            if (reader.field() == REJECTED_SPANS && reader.wireType() == ProtobufReader.VARINT) {
                rejected = reader.varint();
            } else if (reader.field() == ERROR_MESSAGE && reader.wireType() == ProtobufReader.LENGTH_DELIMITED) {
                message = reader.string();
            } else {
                reader.skip();
            }
        }
        return new OtlpPartialSuccess(rejected, message);
    }
}
