package io.github.knockj.jdbc;

import java.util.concurrent.atomic.AtomicInteger;

class H2MessageCreatedEventTest extends MessageCreatedEventTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Override
    String newUrl() {
        return "jdbc:h2:mem:knock_created_event" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }
}
