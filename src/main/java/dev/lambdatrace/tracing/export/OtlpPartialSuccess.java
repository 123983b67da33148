package dev.lambdatrace.tracing.export;

import java.nio.charset.StandardCharsets;

/**
 * The {@code partial_success} of an OTLP {@code ExportTraceServiceResponse}: how many spans the collector rejected
 * although it answered 200, and why. Decoded by hand: two fields of one small message do not justify a protobuf
 * runtime in the function.
 */
record OtlpPartialSuccess(long rejectedSpans, String errorMessage) {

    static final OtlpPartialSuccess NONE = new OtlpPartialSuccess(0, "");

    private static final int PARTIAL_SUCCESS = 1;
    private static final int REJECTED_SPANS = 1;
    private static final int ERROR_MESSAGE = 2;
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    /** Decodes a response body; a body that is empty or not protobuf means no partial success. */
    static OtlpPartialSuccess of(byte[] response) {
        try {
            Reader outer = new Reader(response, 0, response.length);
            OtlpPartialSuccess found = NONE;
            while (outer.more()) {
                long tag = outer.varint();
                if ((int) (tag >>> 3) == PARTIAL_SUCCESS && (int) (tag & 7) == LENGTH_DELIMITED) {
                    int length = (int) outer.varint();
                    found = partialSuccess(new Reader(response, outer.position, outer.position + length));
                    outer.skipBytes(length);
                } else {
                    outer.skip((int) (tag & 7));
                }
            }
            return found;
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return NONE;
        }
    }

    private static OtlpPartialSuccess partialSuccess(Reader reader) {
        long rejected = 0;
        String message = "";
        while (reader.more()) {
            long tag = reader.varint();
            int field = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            if (field == REJECTED_SPANS && type == VARINT) {
                rejected = reader.varint();
            } else if (field == ERROR_MESSAGE && type == LENGTH_DELIMITED) {
                int length = (int) reader.varint();
                message = new String(reader.bytes, reader.position, length, StandardCharsets.UTF_8);
                reader.skipBytes(length);
            } else {
                reader.skip(type);
            }
        }
        return new OtlpPartialSuccess(rejected, message);
    }

    private static final class Reader {
        final byte[] bytes;
        final int end;
        int position;

        Reader(byte[] bytes, int start, int end) {
            if (end > bytes.length || start > end) {
                throw new IndexOutOfBoundsException("field runs past the message");
            }
            this.bytes = bytes;
            this.position = start;
            this.end = end;
        }

        boolean more() {
            return position < end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    throw new IndexOutOfBoundsException("varint runs past the message");
                }
                byte next = bytes[position++];
                value |= (long) (next & 0x7F) << shift;
                if (next >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint longer than 10 bytes");
        }

        void skipBytes(int length) {
            if (length < 0 || position + length > end) {
                throw new IndexOutOfBoundsException("field runs past the message");
            }
            position += length;
        }

        void skip(int type) {
            switch (type) {
                case VARINT -> varint();
                case FIXED64 -> skipBytes(8);
                case LENGTH_DELIMITED -> skipBytes((int) varint());
                case FIXED32 -> skipBytes(4);
                default -> throw new IllegalArgumentException("unknown wire type " + type);
            }
        }
    }
}
