package dev.lambdatrace.collector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The constraints of AWS's X-Ray segment document schema, version 1.0.0 ({@code xray-segmentdocument-schema-v1.0.0.json},
 * linked from the X-Ray developer guide's "AWS X-Ray segment documents"), written out as checks, with the guide's own
 * limit on a document's size (64 kB). Only what a segment of this function can hold is checked: its fields, HTTP,
 * annotations, metadata, causes and subsegments.
 */
public final class XraySegmentSchema {

    // The schema's java_pattern for a segment's name: letters, separators, numbers and _ . : / % & # = + - @.
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/%&#=+\\-@]{1,200}");
    private static final Pattern TRACE_ID = Pattern.compile("\\d+-[A-Fa-f0-9]*-[A-Fa-f0-9]{24}");
    private static final Pattern ANNOTATION_KEY = Pattern.compile("[a-zA-Z0-9_]{1,500}");
    private static final int MAX_STRING = 250;
    private static final int MAX_ANNOTATION_VALUE = 1_000;
    private static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    /** What in {@code segment} breaks the schema, a line each; empty when nothing does. */
    public static List<String> violations(JsonObject segment) {
        List<String> found = new ArrayList<>();
        int bytes = segment.encode().getBytes(StandardCharsets.UTF_8).length;
        check(found, bytes <= MAX_DOCUMENT_BYTES, "the document is " + bytes + " bytes, over 64 kB");
        String name = segment.getString("name");
        check(found, name != null && NAME.matcher(name).matches(), "name " + quoted(name)
                + " is not 1 to 200 letters, separators, numbers or _.:/%&#=+-@");
        idOf(found, segment, "id", true);
        idOf(found, segment, "parent_id", false);
        String traceId = segment.getString("trace_id");
        check(found, traceId != null && traceId.length() >= 35 && TRACE_ID.matcher(traceId).find(),
                "trace_id " + quoted(traceId) + " is not 1-xxxxxxxx-<24 hex>");
        check(found, segment.getValue("start_time") instanceof Number, "start_time is not a number");
        check(found, segment.getValue("end_time") instanceof Number || Boolean.TRUE.equals(segment.getValue(
                "in_progress")), "neither end_time nor in_progress");
        common(found, segment, "");
        return found;
    }

    private static void common(List<String> found, JsonObject document, String where) {
        for (String flag : List.of("error", "fault", "throttle", "in_progress")) {
            Object value = document.getValue(flag);
            check(found, value == null || value instanceof Boolean, where + flag + " is not a boolean");
        }
        shortString(found, document, "user", where);
        JsonObject http = object(found, document, "http", where);
        if (http != null) {
            JsonObject request = object(found, http, "request", where + "http.");
            if (request != null) {
                for (String field : List.of("method", "url", "user_agent", "client_ip")) {
                    shortString(found, request, field, where + "http.request.");
                }
                Object forwarded = request.getValue("x_forwarded_for");
                check(found, forwarded == null || forwarded instanceof Boolean,
                        where + "http.request.x_forwarded_for is not a boolean");
            }
            JsonObject response = object(found, http, "response", where + "http.");
            if (response != null) {
                for (String field : List.of("status", "content_length")) {
                    Object value = response.getValue(field);
                    check(found, value == null || value instanceof Number,
                            where + "http.response." + field + " is not a number");
                }
            }
        }
        JsonObject annotations = object(found, document, "annotations", where);
        if (annotations != null) {
            for (Map.Entry<String, Object> annotation : annotations) {
                check(found, ANNOTATION_KEY.matcher(annotation.getKey()).matches(),
                        where + "annotation key " + quoted(annotation.getKey()) + " is not [a-zA-Z0-9_]{1,500}");
                Object value = annotation.getValue();
                check(found, value instanceof Number || value instanceof Boolean
                        || value instanceof String text && text.length() <= MAX_ANNOTATION_VALUE,
                        where + "annotation " + annotation.getKey() + " is not a number, a boolean or a short string");
            }
        }
        JsonObject metadata = object(found, document, "metadata", where);
        if (metadata != null) {
            for (Map.Entry<String, Object> namespace : metadata) {
                check(found, namespace.getValue() instanceof JsonObject,
                        where + "metadata." + namespace.getKey() + " is not an object");
            }
        }
        Object cause = document.getValue("cause");
        if (cause instanceof String exceptionId) {
            check(found, exceptionId.length() == 16, where + "cause is a string but not an exception ID");
        } else if (cause instanceof JsonObject causeObject) {
            JsonArray exceptions = causeObject.getJsonArray("exceptions", new JsonArray());
            for (int i = 0; i < exceptions.size(); i++) {
                idOf(found, exceptions.getJsonObject(i), "id", true);
            }
        } else {
            check(found, cause == null, where + "cause is neither an exception ID nor an object");
        }
        JsonArray subsegments = document.getJsonArray("subsegments", new JsonArray());
        for (int i = 0; i < subsegments.size(); i++) {
            JsonObject subsegment = subsegments.getJsonObject(i);
            String at = where + "subsegments[" + i + "].";
            check(found, subsegment.getString("name", "").length() >= 1, at + "name is empty");
            idOf(found, subsegment, "id", true);
            check(found, subsegment.getValue("start_time") instanceof Number, at + "start_time is not a number");
            common(found, subsegment, at);
        }
    }

    private static void idOf(List<String> found, JsonObject document, String field, boolean required) {
        Object id = document.getValue(field);
        check(found, id == null ? !required : id instanceof String text && text.length() == 16,
                field + " " + quoted(id) + " is not 16 characters");
    }

    private static void shortString(List<String> found, JsonObject document, String field, String where) {
        Object value = document.getValue(field);
        check(found, value == null || value instanceof String text && text.codePointCount(0, text.length())
                <= MAX_STRING, where + field + " is over 250 characters or not a string");
    }

    private static JsonObject object(List<String> found, JsonObject document, String field, String where) {
        Object value = document.getValue(field);
        check(found, value == null || value instanceof JsonObject, where + field + " is not an object");
        return value instanceof JsonObject object ? object : null;
    }

    private static void check(List<String> found, boolean holds, String violation) {
        if (!holds) {
            found.add(violation);
        }
    }

    private static String quoted(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
    }

    private XraySegmentSchema() {
    }
}
