package io.github.knockj.jdbc.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.knockj.core.KnockException;
import io.github.knockj.core.RunLogEntry;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of a run row's {@code log_entries} column (V5): one line per entry, each a compact JSON
 * array {@code [epochMillis, stepRef|null, "OUTCOME", detail|null]} ended by {@code \n}. JSON escapes
 * every control character, so a detail or step ref with line breaks stays on its line, and appending
 * entries is plain string concatenation ({@code log_entries || ?}) in the statement that writes the run.
 * The run id is not stored: every entry of the column is its row's.
 */
final class RunLogText {
    private static final JsonFactory JSON = new JsonFactory();

    private RunLogText() {}

    /** The lines of {@code entries}, or null if there are none (for a new run's column). */
    static String encode(List<RunLogEntry> entries) {
        return entries.isEmpty() ? null : lines(entries);
    }

    /** The lines of {@code entries}, empty if there are none (to append). */
    static String lines(List<RunLogEntry> entries) {
        if (entries.isEmpty()) return "";
        StringWriter out = new StringWriter(entries.size() * 96);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setRootValueSeparator(null);
            for (RunLogEntry e : entries) {
                g.writeStartArray();
                g.writeNumber(e.at().toEpochMilli());
                g.writeString(e.stepRef());
                g.writeString(e.outcome().name());
                g.writeString(e.detail());
                g.writeEndArray();
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new KnockException("could not write a run log entry: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** The entries of {@code runId} that {@code text} holds, in order; null or blank text holds none. */
    static List<RunLogEntry> decode(String runId, String text) {
        if (text == null || text.isBlank()) return List.of();
        List<RunLogEntry> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int end = text.indexOf('\n', from);
            if (end < 0) end = text.length();
            String line = text.substring(from, end);
            if (!line.isBlank()) out.add(entry(runId, line));
            from = end + 1;
        }
        return out;
    }

    private static RunLogEntry entry(String runId, String line) {
        try (JsonParser p = JSON.createParser(line)) {
            expect(p.nextToken() == JsonToken.START_ARRAY, line);
            expect(p.nextToken() == JsonToken.VALUE_NUMBER_INT, line);
            Instant at = Instant.ofEpochMilli(p.getLongValue());
            String stepRef = text(p, line);
            expect(p.nextToken() == JsonToken.VALUE_STRING, line);
            RunLogEntry.Outcome outcome = RunLogEntry.Outcome.valueOf(p.getText());
            String detail = text(p, line);
            expect(p.nextToken() == JsonToken.END_ARRAY && p.nextToken() == null, line);
            return new RunLogEntry(runId, at, stepRef, outcome, detail);
        } catch (IOException | IllegalArgumentException e) {
            throw new KnockException("could not read run log entry '" + line + "' of run " + runId + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonParser p, String line) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) return null;
        expect(t == JsonToken.VALUE_STRING, line);
        return p.getText();
    }

    private static void expect(boolean ok, String line) throws IOException {
        if (!ok) throw new IOException("not an array [epochMillis, stepRef, outcome, detail]");
    }
}
