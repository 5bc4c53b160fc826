package dev.switchboard.cache.api.hazelcast;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchboard.cache.api.Headers;

/**
 * What a query needs of one entry without touching its body: the request (URL with fragment, headers), the
 * response's {@code Vary} (null when none) and the bytes the entry takes.
 */
public record IndexEntry(
        String entryId, String url, String[] headerNames, String[] headerValues, String vary, long bytes) {

    static String[][] split(Headers headers) {
        List<Map.Entry<String, String>> fields = headers.fields();
        String[] names = new String[fields.size()];
        String[] values = new String[fields.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = fields.get(i).getKey();
            values[i] = fields.get(i).getValue();
        }
        return new String[][] {names, values};
    }

    static Headers join(String[] names, String[] values) {
        List<Map.Entry<String, String>> fields = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            fields.add(Map.entry(names[i], values[i]));
        }
        return Headers.of(fields);
    }

    Headers requestHeaders() {
        return join(headerNames, headerValues);
    }
}
