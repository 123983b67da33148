package dev.lambdatrace.tracing.export;

import java.nio.charset.StandardCharsets;

/**
 * Reads the protobuf wire format of a collector's small answers, field by field: the few fields the function needs
 * do not justify a protobuf runtime in it. Malformed input throws {@link IndexOutOfBoundsException} or
 * {@link IllegalArgumentException}.
 */
final class ProtobufReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] bytes;
    private final int end;
    private int position;
    private long tag;

    ProtobufReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private ProtobufReader(byte[] bytes, int start, int end) {
        if (end > bytes.length || start > end) {
            throw new IndexOutOfBoundsException("field runs past the message");
        }
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() {
        if (position >= end) {
            return false;
        }
        tag = varint();
        return true;
    }

    int field() {
        return (int) (tag >>> 3);
    }

    int wireType() {
        return (int) (tag & 7);
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

    String string() {
        int length = length();
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    /** The current length-delimited field, as a message of its own. */
    ProtobufReader message() {
        int length = length();
        ProtobufReader inner = new ProtobufReader(bytes, position, position + length);
        position += length;
        return inner;
    }

    void skip() {
        switch (wireType()) {
            case VARINT -> varint();
            case FIXED64 -> skipBytes(8);
            case LENGTH_DELIMITED -> skipBytes(length());
            case FIXED32 -> skipBytes(4);
            default -> throw new IllegalArgumentException("unknown wire type " + wireType());
        }
    }

    private int length() {
        long length = varint();
        if (length < 0 || length > end - position) {
            throw new IndexOutOfBoundsException("field runs past the message");
        }
        return (int) length;
    }

    private void skipBytes(int length) {
        if (length < 0 || position + length > end) {
            throw new IndexOutOfBoundsException("field runs past the message");
        }
        position += length;
    }
}
