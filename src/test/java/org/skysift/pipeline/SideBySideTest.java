package org.skysift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Steps run at the same time, see the caller's inheritable thread state (Spark's local properties), fail as one. */
@Tag("plain")
class SideBySideTest {
    @Test
    void stepsRunAtTheSameTimeUpToTheLimit() {
        CountDownLatch both = new CountDownLatch(2);
        AtomicInteger running = new AtomicInteger(), most = new AtomicInteger();
        Runnable meet = () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            both.countDown();
            try {
                // each waits for the other: only side by side can both get past this
                assertThat(both.await(20, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            running.decrementAndGet();
        };
        SideBySide.run("t", 2, List.of(meet, meet, () -> most.accumulateAndGet(running.incrementAndGet(), Math::max)));
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void theThreadsSeeTheCallersInheritableState() {
        InheritableThreadLocal<String> group = new InheritableThreadLocal<>();
        group.set("skysift run run-1");
        List<String> seen = new CopyOnWriteArrayList<>();
        SideBySide.run("t", 3, List.of(() -> seen.add(group.get()), () -> seen.add(group.get()),
                () -> seen.add(Thread.currentThread().getName())));
        assertThat(seen).hasSize(3).contains("skysift run run-1").anyMatch(s -> s.startsWith("skysift-t-"));
        assertThat(seen.stream().filter("skysift run run-1"::equals)).hasSize(2);
    }

    @Test
    void everyStepRunsAndTheFirstFailureInGivenOrderIsThrownAsItWas() {
        AtomicInteger ran = new AtomicInteger();
        IllegalArgumentException first = new IllegalArgumentException("write sources: disk full");
        assertThatThrownBy(() -> SideBySide.run("t", 2, List.of(
                ran::incrementAndGet,
                () -> {
                    ran.incrementAndGet();
                    throw first;
                },
                () -> {
                    ran.incrementAndGet();
                    throw new IllegalStateException("write tiles: later");
                },
                ran::incrementAndGet))).isSameAs(first);
        assertThat(ran.get()).isEqualTo(4);
        OutOfMemoryError oom = new OutOfMemoryError("heap");
        assertThatThrownBy(() -> SideBySide.run("t", 1, List.of(() -> {
            throw oom;
        }))).isSameAs(oom);
    }
}
