package io.github.knockj.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.KnockException;
import io.github.knockj.core.RunLogEntry;
import io.github.knockj.core.RunLogEntry.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run log column's text: a compact JSON array per line, appended by concatenation. */
class RunLogTextTest {
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    @Test
    void eachEntryIsOneCompactLine() {
        String text = RunLogText.encode(List.of(new RunLogEntry("R1", T0, null, Outcome.RUN_STARTED, null),
                new RunLogEntry("R1", T0.plusMillis(5), "email", Outcome.MESSAGE_QUEUED, "message M1 queued")));
        assertThat(text).isEqualTo("[1767603600000,null,\"RUN_STARTED\",null]\n"
                + "[1767603600005,\"email\",\"MESSAGE_QUEUED\",\"message M1 queued\"]\n");
        assertThat(RunLogText.encode(List.of())).isNull();
        assertThat(RunLogText.lines(List.of())).isEmpty();
    }

    @Test
    void awkwardTextStaysOnItsLineAndReadsBackExactly() {
        List<RunLogEntry> entries = List.of(
                new RunLogEntry("R1", T0, "a\nstep", Outcome.FETCHED, "line one\nline two\r\n\ttabbed"),
                new RunLogEntry("R1", T0, null, Outcome.FETCHED, "\"quotes\", \\backslashes\\ and ]\n[1,null,\"RUN_STARTED\",null]"),
                new RunLogEntry("R1", T0, "ü", Outcome.FETCHED, "ünïcødé ✓ 🚀 \u2028\u2029 \u0000 \u001f"),
                new RunLogEntry("R1", T0, "", Outcome.FETCHED, ""));
        String text = RunLogText.lines(entries);
        assertThat(text.split("\n", -1)).as("one line per entry, then the final newline").hasSize(entries.size() + 1);
        assertThat(RunLogText.decode("R1", text)).containsExactlyElementsOf(entries);
        assertThat(RunLogText.decode("R1", RunLogText.lines(entries.subList(0, 2)) + RunLogText.lines(entries.subList(2, 4))))
                .as("appending is concatenation").containsExactlyElementsOf(entries);
    }

    @Test
    void readingToleratesWhitespaceAndBlankLines() {
        assertThat(RunLogText.decode("R9", "  [ 1767603600000 , \"s\" , \"DELAYED\" , \"d\" ]  \n\n \t\n[1767603600001,null,\"EXITED\",null]"))
                .containsExactly(new RunLogEntry("R9", T0, "s", Outcome.DELAYED, "d"),
                        new RunLogEntry("R9", T0.plusMillis(1), null, Outcome.EXITED, null));
        assertThat(RunLogText.decode("R9", null)).isEmpty();
        assertThat(RunLogText.decode("R9", "")).isEmpty();
        assertThat(RunLogText.decode("R9", " \n ")).isEmpty();
    }

    @Test
    void aDamagedLineFailsNamingItsRun() {
        assertThatThrownBy(() -> RunLogText.decode("R1", "[1767603600000,null,\"NO_SUCH_OUTCOME\",null]\n"))
                .isInstanceOf(KnockException.class).hasMessageContaining("of run R1");
        assertThatThrownBy(() -> RunLogText.decode("R1", "[1767603600000,null,\"EXITED\"]\n"))
                .isInstanceOf(KnockException.class).hasMessageContaining("of run R1");
        assertThatThrownBy(() -> RunLogText.decode("R1", "[1767603600000,null,\"EXITED\",null] x\n"))
                .isInstanceOf(KnockException.class).hasMessageContaining("of run R1");
    }
}
