package io.github.knockj.spring;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link TransactionalSendContract} on an in-memory H2 DataSource configured by Spring Boot. */
@SpringBootTest(classes = TransactionalSendContract.OrdersApp.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:knock-spring;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "knock.poll-interval=50ms"})
class H2TransactionalSendTest extends TransactionalSendContract {
    @Override
    String expectedDialect() {
        return "h2";
    }
}
