package io.github.knockj.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class RedactTest {
    @Test
    void credentialsOfAUrlAreMaskedAndEverythingElseKept() {
        assertThat(Redact.credentials("jdbc:postgresql://db:5432/app?user=app&password=p%40ss&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=***&ssl=true");
        assertThat(Redact.credentials("jdbc:postgresql://app:pa:ss@db/app?PWD=x&apiToken=y&sslkey=/k.pk8"))
                .isEqualTo("jdbc:postgresql://app:***@db/app?PWD=***&apiToken=***&sslkey=***");
        assertThat(Redact.credentials("jdbc:h2:tcp://h/db;USER=sa;Password=x;FILE_PASSWORD=y;LOCK_TIMEOUT=10000"))
                .isEqualTo("jdbc:h2:tcp://h/db;USER=sa;Password=***;FILE_PASSWORD=***;LOCK_TIMEOUT=10000");
        assertThat(Redact.credentials("jdbc:h2:file:/data/knock;LOCK_TIMEOUT=10000")).isEqualTo("jdbc:h2:file:/data/knock;LOCK_TIMEOUT=10000");
        assertThat(Redact.credentials((String) null)).isNull();
    }

    @Test
    void anExceptionChainHoldingACredentialIsReplacedAndOneWithoutIsKept() {
        SQLException clean = new SQLException("Connection refused");
        assertThat(Redact.credentials(clean)).isSameAs(clean);
        RuntimeException leaking = new RuntimeException("pool failed", new SQLException("bad URL jdbc:h2:mem:x;PASSWORD=hunter2"));
        Throwable standIn = Redact.credentials(leaking);
        assertThat(standIn.getMessage()).doesNotContain("hunter2").contains("pool failed", "java.sql.SQLException", "PASSWORD=***");
        assertThat(standIn.getCause()).isNull();
        assertThat(standIn.getStackTrace()).isEqualTo(leaking.getStackTrace());
    }
}
