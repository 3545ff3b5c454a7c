package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.ScheduleRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Certifies {@link io.github.knockj.core.spi.ScheduleStore ScheduleStore}, method by method, without
 * an engine: schedules put with their first job, listed in id order, fired together with the change
 * set of the occurrence, and deleted with their pending job.
 *
 * <p>It also needs {@link io.github.knockj.core.spi.JobQueue JobQueue}, {@link
 * io.github.knockj.core.spi.ChangeSetStore ChangeSetStore}, {@link
 * io.github.knockj.core.spi.TriggerStore TriggerStore} to set up and read back state. A store
 * certifies this role by extending this class and implementing {@link #newStore()}; see {@link
 * RoleContractTestBase} for the fixtures.
 */
public abstract class ScheduleStoreContractTest extends RoleContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected ScheduleStoreContractTest() {}

    @Test
    void schedulesArePutFiredListedAndDeletedWithTheirJobs() {
        ScheduleRecord s = new ScheduleRecord("S1", "wf", List.of(Recipient.user("u1")), null, null, Map.of("a", 1),
                Map.of("frequency", "daily", "hours", 9), null, T0.plus(Duration.ofDays(1)), null, T0, T0);
        store.putSchedule(s, job("JS1", JobKind.SCHEDULE, "S1", T0.plus(Duration.ofDays(1))));
        store.putSchedule(new ScheduleRecord("S2", "wf", List.of(Recipient.user("u2")), null, null, Map.of(), Map.of("frequency", "hourly"),
                null, T0.plusSeconds(3600), null, T0, T0), job("JS2", JobKind.SCHEDULE, "S2", T0.plusSeconds(3600)));
        assertThat(store.findSchedule("S1")).hasValue(s);
        assertThat(store.schedules(null, 1)).extracting(ScheduleRecord::id).containsExactly("S1");
        assertThat(store.schedules("S1", 10)).extracting(ScheduleRecord::id).containsExactly("S2");
        assertThat(store.countJobs()).isEqualTo(2);

        List<Job> due = store.claimJobs("w", T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)).plusSeconds(60), 10);
        assertThat(due).extracting(Job::id).containsExactly("JS2", "JS1");
        ScheduleRecord fired = new ScheduleRecord("S1", "wf", s.recipients(), null, null, s.data(), s.repeat(), null,
                T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(1)), T0, T0.plus(Duration.ofDays(1)));
        ChangeSet cs = new ChangeSet("w");
        cs.completedJobs().add("JS1");
        cs.triggers().add(trigger("TS1"));
        cs.jobs().add(job("JS1b", JobKind.SCHEDULE, "S1", T0.plus(Duration.ofDays(2))));
        store.recordScheduleFired(fired, cs);
        assertThat(store.findSchedule("S1")).hasValue(fired);
        assertThat(store.findTrigger("TS1")).isPresent();

        assertThat(store.deleteSchedule("S1")).isTrue();
        assertThat(store.deleteSchedule("S1")).isFalse();
        assertThat(store.findSchedule("S1")).isEmpty();
        assertThat(store.claimJobs("w", T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(4)), 10)).extracting(Job::id).doesNotContain("JS1b");
    }
}
