package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.Recipient;
import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.ScheduleChanges;
import io.github.knockj.core.spi.ScheduleRecord;
import java.time.Duration;
import java.time.Instant;
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
        ScheduleChanges firing = new ScheduleChanges(fired, s.updatedAt());
        firing.triggers().add(trigger("TS1"));
        firing.jobs().add(job("JS1b", JobKind.SCHEDULE, "S1", T0.plus(Duration.ofDays(2))));
        cs.schedules().add(firing);
        store.commit(cs);
        assertThat(store.findSchedule("S1")).hasValue(fired);
        assertThat(store.findTrigger("TS1")).isPresent();

        assertThat(store.deleteSchedule("S1")).isTrue();
        assertThat(store.deleteSchedule("S1")).isFalse();
        assertThat(store.findSchedule("S1")).isEmpty();
        assertThat(store.claimJobs("w", T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(4)), 10)).extracting(Job::id).doesNotContain("JS1b");
    }

    @Test
    void aScheduleReplacedWhileItFiresKeepsTheReplacementAndOneFireJob() {
        Instant due = T0.plus(Duration.ofDays(1));
        ScheduleRecord s = new ScheduleRecord("S1", "wf", List.of(Recipient.user("u1")), null, null, Map.of(),
                Map.of("frequency", "daily"), null, due, null, T0, T0);
        store.putSchedule(s, job("JS1", JobKind.SCHEDULE, "S1", due));
        assertThat(store.claimJobs("w", due, due.plusSeconds(60), 10)).extracting(Job::id).containsExactly("JS1");
        // replaced while JS1 is leased: the replacement's fire job is the only one to come
        ScheduleRecord replaced = new ScheduleRecord("S1", "wf", List.of(Recipient.user("u2")), null, null, Map.of(),
                Map.of("frequency", "hourly"), null, due.plusSeconds(3600), null, T0, due.plusSeconds(1));
        store.putSchedule(replaced, job("JS2", JobKind.SCHEDULE, "S1", due.plusSeconds(3600)));

        ScheduleRecord fired = new ScheduleRecord("S1", "wf", s.recipients(), null, null, s.data(), s.repeat(), null,
                due.plus(Duration.ofDays(1)), due, T0, due.plusSeconds(2));
        ChangeSet cs = new ChangeSet("w");
        cs.completedJobs().add("JS1");
        ScheduleChanges firing = new ScheduleChanges(fired, s.updatedAt());
        firing.triggers().add(trigger("TS1"));
        firing.jobs().add(job("JS3", JobKind.SCHEDULE, "S1", due.plus(Duration.ofDays(1))));
        cs.schedules().add(firing);
        store.commit(cs);

        assertThat(store.findSchedule("S1")).hasValue(replaced);
        assertThat(store.findTrigger("TS1")).as("the firing of the replaced schedule is dropped").isEmpty();
        assertThat(store.claimJobs("w2", due.plus(Duration.ofDays(2)), due.plus(Duration.ofDays(2)).plusSeconds(60), 10))
                .extracting(Job::id).containsExactly("JS2");
    }

    @Test
    void aScheduleDeletedWhileItFiresIsNotRecreatedAndItsJobIsStillCompleted() {
        Instant due = T0.plus(Duration.ofDays(1));
        ScheduleRecord s = new ScheduleRecord("S1", "wf", List.of(Recipient.user("u1")), null, null, Map.of(),
                Map.of("frequency", "daily"), null, due, null, T0, T0);
        store.putSchedule(s, job("JS1", JobKind.SCHEDULE, "S1", due));
        assertThat(store.claimJobs("w", due, due.plusSeconds(60), 10)).extracting(Job::id).containsExactly("JS1");
        assertThat(store.deleteSchedule("S1")).isTrue();

        ChangeSet cs = new ChangeSet("w");
        cs.completedJobs().add("JS1");
        ScheduleChanges firing = new ScheduleChanges(new ScheduleRecord("S1", "wf", s.recipients(), null, null, s.data(), s.repeat(), null,
                due.plus(Duration.ofDays(1)), due, T0, due), T0);
        firing.triggers().add(trigger("TS1"));
        firing.jobs().add(job("JS2", JobKind.SCHEDULE, "S1", due.plus(Duration.ofDays(1))));
        cs.schedules().add(firing);
        store.commit(cs);

        assertThat(store.findSchedule("S1")).isEmpty();
        assertThat(store.findTrigger("TS1")).isEmpty();
        assertThat(store.countJobs()).isZero();
    }
}
