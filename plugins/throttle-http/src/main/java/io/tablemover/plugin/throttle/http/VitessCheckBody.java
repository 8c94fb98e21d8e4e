package io.tablemover.plugin.throttle.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the JSON body of a throttler's answer in the shape of the Vitess tablet throttler's
 * {@code /throttler/check}, e.g.
 * {@code {"StatusCode":429,"Value":4.5,"Threshold":1,"Message":"Threshold exceeded","RecentlyChecked":false}}.
 * Field names are matched case-insensitively; other fields, and nested values, are ignored.
 * Stateless and thread-safe.
 */
final class VitessCheckBody {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private VitessCheckBody() {}

    /**
     * @param body the response body, possibly empty or not JSON
     * @return e.g. {@code "Threshold exceeded (value 4.5, threshold 1)"}; empty if the body is not
     *     a JSON object or has none of {@code Message}, {@code Error}, {@code Value},
     *     {@code Threshold}
     */
    static Optional<String> describe(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        String message = null;
        String error = null;
        String value = null;
        String threshold = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName().toLowerCase(Locale.ROOT);
                JsonToken t = p.nextToken();
                if (t == null) {
                    break;
                }
                if (!t.isScalarValue()) {
                    p.skipChildren();
                    continue;
                }
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                String text = p.getText();
                switch (field) {
                    case "message" -> message = text;
                    case "error" -> error = text;
                    case "value" -> value = text;
                    case "threshold" -> threshold = text;
                    default -> { }
                }
            }
        } catch (IOException e) {
            return Optional.empty(); // not JSON; the status code alone tells
        }
        StringBuilder s = new StringBuilder();
        String what = message != null && !message.isBlank() ? message : error;
        if (what != null && !what.isBlank()) {
            s.append(oneLine(what));
        }
        if (value != null || threshold != null) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append('(');
            if (value != null) {
                s.append("value ").append(value);
            }
            if (threshold != null) {
                s.append(value != null ? ", " : "").append("threshold ").append(threshold);
            }
            s.append(')');
        }
        return s.length() == 0 ? Optional.empty() : Optional.of(s.toString());
    }

    private static String oneLine(String text) {
        String t = text.replaceAll("\\s+", " ").strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}
