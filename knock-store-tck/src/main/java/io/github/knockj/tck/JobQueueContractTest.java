package io.github.knockj.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.knockj.core.spi.ChangeSet;
import io.github.knockj.core.spi.Job;
import io.github.knockj.core.spi.JobKind;
import io.github.knockj.core.spi.LeaseLostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Certifies {@link io.github.knockj.core.spi.JobQueue JobQueue}, method by method, without an engine:
 * job claims: due jobs earliest first under a lease, completing and rescheduling only by the lease
 * holder, lease renewal and confirmation only by the owner, a leased job due again exactly when its
 * lease ends, concurrent claimers never sharing a job.
 *
 * <p>It also needs {@link io.github.knockj.core.spi.ChangeSetStore ChangeSetStore} to set up and read
 * back state. A store certifies this role by extending this class and implementing {@link
 * #newStore()}; see {@link RoleContractTestBase} for the fixtures.
 */
public abstract class JobQueueContractTest extends RoleContractTestBase {
    /** For a store's test class, which implements {@link #newStore()}. */
    protected JobQueueContractTest() {}

    @Test
    void claimReturnsDueJobsEarliestFirstUnderLease() {
        insertJobs(job("J3", JobKind.RUN, "r3", T0.plusSeconds(3)), job("J1", JobKind.RUN, "r1", T0.plusSeconds(1)),
                job("J2", JobKind.DELIVER, "m2", T0.plusSeconds(2)), job("J9", JobKind.RUN, "r9", T0.plusSeconds(90)));
        assertThat(store.nextDueAt(T0)).hasValue(T0.plusSeconds(1));
        List<Job> claimed = store.claimJobs("a", T0.plusSeconds(5), T0.plusSeconds(65), 10);
        assertThat(claimed).extracting(Job::id).containsExactly("J1", "J2", "J3");
        assertThat(claimed).allSatisfy(j -> {
            assertThat(j.owner()).isEqualTo("a");
            assertThat(j.leaseUntil()).isEqualTo(T0.plusSeconds(65));
        });
        assertThat(claimed.get(1).kind()).isEqualTo(JobKind.DELIVER);
        assertThat(claimed.get(1).payload()).isEqualTo("payload");
        assertThat(store.claimJobs("b", T0.plusSeconds(6), T0.plusSeconds(66), 10)).isEmpty();
        assertThat(store.nextDueAt(T0.plusSeconds(6))).hasValue(T0.plusSeconds(65));
        // the lease expires: another worker may take them
        assertThat(store.claimJobs("b", T0.plusSeconds(70), T0.plusSeconds(130), 2)).extracting(Job::id).hasSize(2);
        assertThat(store.countJobs()).isEqualTo(4);
    }

    @Test
    void completingAndReschedulingRequireTheLease() {
        insertJobs(job("J1", JobKind.RUN, "r1", T0), job("J2", JobKind.RUN, "r2", T0));
        store.claimJobs("a", T0, T0.plusSeconds(60), 10);

        ChangeSet wrongOwner = new ChangeSet("b");
        wrongOwner.completedJobs().add("J1");
        wrongOwner.jobs().add(job("J3", JobKind.RUN, "r3", T0));
        assertThatThrownBy(() -> store.commit(wrongOwner)).isInstanceOf(LeaseLostException.class);
        assertThat(store.countJobs()).isEqualTo(2); // J3 was not inserted

        ChangeSet ok = new ChangeSet("a");
        ok.completedJobs().add("J1");
        ok.rescheduledJobs().add(new ChangeSet.Reschedule("J2", T0.plusSeconds(30), 4));
        store.commit(ok);
        assertThat(store.countJobs()).isEqualTo(1);
        assertThat(store.claimJobs("c", T0.plusSeconds(29), T0.plusSeconds(90), 10)).isEmpty();
        List<Job> again = store.claimJobs("c", T0.plusSeconds(30), T0.plusSeconds(90), 10);
        assertThat(again).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo("J2");
            assertThat(j.attempts()).isEqualTo(4);
        });
        ChangeSet late = new ChangeSet("a");
        late.completedJobs().add("J2");
        assertThatThrownBy(() -> store.commit(late)).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void leasesAreRenewedOnlyByTheirOwner() {
        insertJobs(job("J1", JobKind.RUN, "r1", T0), job("J2", JobKind.RUN, "r2", T0));
        store.claimJobs("a", T0, T0.plusSeconds(10), 1);
        store.claimJobs("b", T0, T0.plusSeconds(10), 1);
        assertThat(store.renewLeases("a", List.of("J1", "J2"), T0.plusSeconds(100))).isEqualTo(1);
        List<Job> after = store.claimJobs("c", T0.plusSeconds(50), T0.plusSeconds(200), 10);
        assertThat(after).hasSize(1); // only the unrenewed one expired
    }

    @Test
    void aLeasedJobIsDueAgainExactlyWhenItsLeaseEndsAndClaimableThen() {
        // one rule on every store: a job is claimable when lease_until <= now, and nextDueAt reports that instant
        insertJobs(job("J1", JobKind.RUN, "r1", T0), job("J2", JobKind.RUN, "r2", T0.plusSeconds(90)));
        Instant leaseEnd = T0.plusSeconds(30);
        assertThat(store.claimJobs("a", T0, leaseEnd, 10)).extracting(Job::id).containsExactly("J1");
        assertThat(store.nextDueAt(T0)).contains(leaseEnd);
        assertThat(store.claimJobs("b", leaseEnd.minusMillis(1), leaseEnd.plusSeconds(30), 10)).isEmpty();
        assertThat(store.claimJobs("b", leaseEnd, T0.plusSeconds(150), 10)).extracting(Job::id).containsExactly("J1");
        assertThat(store.nextDueAt(leaseEnd)).contains(T0.plusSeconds(90)); // J2's due time comes before b's lease end
    }

    @Test
    void confirmingLeasesReportsExactlyTheJobsTheOwnerStillHolds() {
        insertJobs(job("J1", JobKind.DELIVER, "m1", T0), job("J2", JobKind.DELIVER, "m2", T0), job("J3", JobKind.DELIVER, "m3", T0));
        store.claimJobs("a", T0, T0.plusSeconds(10), 2); // J1, J2
        store.claimJobs("b", T0, T0.plusSeconds(10), 1); // J3
        assertThat(store.confirmLeases("a", List.of("J1", "J2", "J3", "gone"), T0.plusSeconds(100))).containsExactlyInAnyOrder("J1", "J2");
        assertThat(store.confirmLeases("a", List.of(), T0.plusSeconds(100))).isEmpty();
        // the confirmed leases were extended: at T0+50 only b's job is free again
        assertThat(store.claimJobs("c", T0.plusSeconds(50), T0.plusSeconds(200), 10)).extracting(Job::id).containsExactly("J3");
        assertThat(store.confirmLeases("b", List.of("J3"), T0.plusSeconds(300))).isEmpty();
    }

    @Test
    void concurrentClaimersNeverShareAJob() throws Exception {
        int n = 600;
        Job[] jobs = new Job[n];
        for (int i = 0; i < n; i++) jobs[i] = job(String.format("J%04d", i), JobKind.RUN, "r" + i, T0);
        insertJobs(jobs);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String owner = "w" + w;
            fs.add(pool.submit(() -> {
                start.await();
                while (true) {
                    List<Job> got = store.claimJobs(owner, T0, T0.plusSeconds(60), 25);
                    if (got.isEmpty()) return null;
                    for (Job j : got) if (!seen.add(j.id())) duplicates.add(j.id());
                    ChangeSet done = new ChangeSet(owner);
                    got.forEach(j -> done.completedJobs().add(j.id()));
                    store.commit(done);
                }
            }));
        }
        start.countDown();
        for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(duplicates).isEmpty();
        assertThat(seen).hasSize(n);
        assertThat(store.countJobs()).isZero();
    }

    @Test
    void aJobClaimedFromALeaseThatRanOutIsMarkedRecoveredAndOthersAreNot() {
        insertJobs(job("JR1", JobKind.RUN, "r1", T0), job("JR2", JobKind.RUN, "r2", T0), job("JR3", JobKind.RUN, "r3", T0.plusSeconds(100)));
        assertThat(store.claimJobs("a", T0, T0.plusSeconds(60), 2))
                .as("fresh jobs nobody held").extracting(Job::id, Job::recovered)
                .containsExactly(tuple("JR1", false), tuple("JR2", false));

        ChangeSet done = new ChangeSet("a");
        done.rescheduledJobs().add(new ChangeSet.Reschedule("JR2", T0.plusSeconds(70), 1));
        store.commit(done);

        // a's lease ran out while it held JR1; JR2 was given back by its owner, JR3 was never held
        List<Job> taken = store.claimJobs("b", T0.plusSeconds(120), T0.plusSeconds(180), 10);
        assertThat(taken).extracting(Job::id, Job::recovered)
                .containsExactly(tuple("JR1", true), tuple("JR2", false), tuple("JR3", false));
        assertThat(taken).allSatisfy(j -> assertThat(j.owner()).isEqualTo("b"));

        // b's lease runs out too: c recovers all three
        assertThat(store.claimJobs("c", T0.plusSeconds(200), T0.plusSeconds(260), 10))
                .extracting(Job::recovered).containsExactly(true, true, true);
    }
}
