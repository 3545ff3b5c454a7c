package io.github.knockj.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.ChannelType;
import io.github.knockj.core.DeliveryStatus;
import io.github.knockj.core.Message;
import io.github.knockj.core.MessageEvent;
import io.github.knockj.core.Recipient;
import io.github.knockj.core.RunStatus;
import io.github.knockj.core.WorkflowRun;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.RunChanges;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC store keeps a message's creation event (the first event of the change set that inserts
 * the message, if it happened at the message's {@code createdAt}) on the message row rather than as
 * a row of {@code knock_message_events}; {@code messageEvents} answers exactly as before, also for
 * messages written before V6, whose creation event is a row. Subclasses give the database.
 */
abstract class MessageCreatedEventTest {
    static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private JdbcStore store;
    private String url;

    /** A JDBC URL of a new, empty database or schema that {@link #newStore} and raw SQL both use. */
    abstract String newUrl();

    @BeforeEach
    void open() {
        url = newUrl();
        store = JdbcStore.builder().url(url).maximumPoolSize(4).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aMessagesCreationEventCostsNoEventRowAndIsReadFirst() throws SQLException {
        commit("R1", true, List.of(message("M1", DeliveryStatus.QUEUED)), List.of(MessageEvent.of("M1", T0, DeliveryStatus.QUEUED, null)), List.of());
        assertThat(eventRows()).isZero();
        assertThat(store.messageEvents("M1")).containsExactly(MessageEvent.of("M1", T0, DeliveryStatus.QUEUED, null));

        ChangeSet cs = new ChangeSet(null);
        cs.events().add(MessageEvent.of("M1", T0.plusSeconds(1), DeliveryStatus.DELIVERED, "ok"));
        store.commit(cs);
        assertThat(eventRows()).isOne();
        assertThat(store.messageEvents("M1")).containsExactly(MessageEvent.of("M1", T0, DeliveryStatus.QUEUED, null),
                MessageEvent.of("M1", T0.plusSeconds(1), DeliveryStatus.DELIVERED, "ok"));
    }

    @Test
    void aCreationEventKeepsItsDetailOrItsNull() throws SQLException {
        commit("R1", true, List.of(message("M1", DeliveryStatus.QUEUED), message("M2", DeliveryStatus.DELIVERED)),
                List.of(MessageEvent.of("M1", T0, DeliveryStatus.QUEUED, null), MessageEvent.of("M2", T0, DeliveryStatus.DELIVERED, "stored in feed")),
                List.of());
        assertThat(eventRows()).isZero();
        assertThat(store.messageEvents("M1")).containsExactly(MessageEvent.of("M1", T0, DeliveryStatus.QUEUED, null));
        assertThat(store.messageEvents("M2")).containsExactly(MessageEvent.of("M2", T0, DeliveryStatus.DELIVERED, "stored in feed"));
        assertThat(store.messageEvents("nope")).isEmpty();
    }

    @Test
    void aMessageWrittenBeforeV6ReadsBackItsEventRowsExactly() throws SQLException {
        commit("R1", true, List.of(message("M1", DeliveryStatus.QUEUED)), List.of(), List.of());
        insertEventRow("M1", T0, "queued", null);
        insertEventRow("M1", T0.plusSeconds(2), "delivered", "ok");
        assertThat(store.messageEvents("M1")).containsExactly(MessageEvent.of("M1", T0, DeliveryStatus.QUEUED, null),
                MessageEvent.of("M1", T0.plusSeconds(2), DeliveryStatus.DELIVERED, "ok"));
    }

    @Test
    void onlyTheFirstEventAtCreationIsFoldedAndTheOthersFollowInOrder() throws SQLException {
        commit("R1", true, List.of(message("M1", DeliveryStatus.NOT_SENT)),
                List.of(MessageEvent.of("M1", T0, DeliveryStatus.NOT_SENT, "bad template"), new MessageEvent("M1", T0, "note", "second")),
                List.of(MessageEvent.of("M1", T0, DeliveryStatus.NOT_SENT, "third, top level")));
        assertThat(eventRows()).isEqualTo(2);
        assertThat(store.messageEvents("M1")).containsExactly(MessageEvent.of("M1", T0, DeliveryStatus.NOT_SENT, "bad template"),
                new MessageEvent("M1", T0, "note", "second"), MessageEvent.of("M1", T0, DeliveryStatus.NOT_SENT, "third, top level"));
    }

    @Test
    void aCreationEventGivenAtTopLevelIsFoldedToo() throws SQLException {
        commit("R1", true, List.of(message("M1", DeliveryStatus.QUEUED)), List.of(), List.of(MessageEvent.of("M1", T0, DeliveryStatus.QUEUED, "top")));
        assertThat(eventRows()).isZero();
        assertThat(store.messageEvents("M1")).containsExactly(MessageEvent.of("M1", T0, DeliveryStatus.QUEUED, "top"));
    }

    @Test
    void aMessageWhoseFirstEventIsNotAtItsCreationKeepsAllItsEventsAsRowsInOrder() throws SQLException {
        commit("R1", true, List.of(message("M1", DeliveryStatus.QUEUED)),
                List.of(MessageEvent.of("M1", T0.plusSeconds(1), DeliveryStatus.SENT, "later first"), MessageEvent.of("M1", T0, DeliveryStatus.QUEUED, null)),
                List.of());
        assertThat(eventRows()).isEqualTo(2);
        assertThat(store.messageEvents("M1")).containsExactly(MessageEvent.of("M1", T0.plusSeconds(1), DeliveryStatus.SENT, "later first"),
                MessageEvent.of("M1", T0, DeliveryStatus.QUEUED, null));
    }

    @Test
    void theEventsOfASkippedRunAreSkippedWithItsMessages() throws SQLException {
        commit("R1", true, List.of(message("M1", DeliveryStatus.QUEUED)), List.of(MessageEvent.of("M1", T0, DeliveryStatus.QUEUED, null)), List.of());
        // the same new run again: its insert is skipped, and with it its message and events
        ChangeSet cs = changeSet("R1", true, List.of(message("M2", DeliveryStatus.QUEUED)),
                List.of(MessageEvent.of("M2", T0, DeliveryStatus.QUEUED, null), MessageEvent.of("M1", T0, DeliveryStatus.SENT, "run's")), List.of());
        assertThat(store.commit(cs).skippedRuns()).containsExactly("R1");
        assertThat(store.findMessage("M2")).isEmpty();
        assertThat(store.messageEvents("M2")).isEmpty();
        assertThat(store.messageEvents("M1")).containsExactly(MessageEvent.of("M1", T0, DeliveryStatus.QUEUED, null));
        assertThat(eventRows()).isZero();
    }

    private void commit(String runId, boolean isNew, List<Message> messages, List<MessageEvent> runEvents, List<MessageEvent> events) {
        store.commit(changeSet(runId, isNew, messages, runEvents, events));
    }

    private static ChangeSet changeSet(String runId, boolean isNew, List<Message> messages, List<MessageEvent> runEvents, List<MessageEvent> events) {
        ChangeSet cs = new ChangeSet(null);
        RunChanges rc = new RunChanges(new WorkflowRun(runId, "T1", "wf", Recipient.user("u1"), null, null, Map.of(), null,
                RunStatus.COMPLETED, "step", Map.of(), 0, false, T0, T0, 1), isNew);
        rc.messages().addAll(messages);
        rc.events().addAll(runEvents);
        cs.runs().add(rc);
        cs.events().addAll(events);
        return cs;
    }

    private static Message message(String id, DeliveryStatus status) {
        return new Message(id, "R1", "wf", "step", "email", ChannelType.EMAIL, Recipient.user("u1"), null, null, List.of(),
                Map.of("body", "hi"), Map.of(), status, 0, null, null, null, null, null, T0, T0);
    }

    private long eventRows() throws SQLException {
        return TestSql.count(url, "SELECT count(*) FROM knock_message_events");
    }

    /** An event row as the store wrote every event before V6. */
    private void insertEventRow(String messageId, Instant at, String type, String detail) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("INSERT INTO knock_message_events (message_id, occurred_at, event_type, detail) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, messageId);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, type);
            ps.setString(4, detail);
            ps.executeUpdate();
        }
    }
}
