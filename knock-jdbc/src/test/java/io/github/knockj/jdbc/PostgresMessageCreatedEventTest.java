package io.github.knockj.jdbc;

class PostgresMessageCreatedEventTest extends MessageCreatedEventTest {
    @Override
    String newUrl() {
        return TestDatabases.reusedPostgresSchemaUrl();
    }
}
