package io.github.knockj.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.knockj.core.spi.DeliveryResult;
import io.github.knockj.core.spi.DeliveryResult.Kind;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.SocketTimeoutException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** Classification of the exceptions Angus Mail throws for SMTP replies the test server cannot be made to give. */
class SmtpFailuresTest {

    static SendFailedException recipientRejected(int code, String text) throws Exception {
        InternetAddress to = new InternetAddress("ana@example.com");
        SMTPAddressFailedException nested = new SMTPAddressFailedException(to, "RCPT TO:<ana@example.com>", code, text);
        return new SendFailedException("Invalid Addresses", nested, new Address[0], new Address[0], new Address[] {to});
    }

    @Test
    void rejectedRecipientWith5xxIsPermanent() throws Exception {
        DeliveryResult r = SmtpFailures.classify(recipientRejected(550, "550 5.1.1 User unknown"));
        assertThat(r.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(r.reason()).startsWith("SMTP 550").contains("User unknown");
    }

    @Test
    void greylistedRecipientWith4xxIsRetryable() throws Exception {
        assertThat(SmtpFailures.classify(recipientRejected(451, "451 4.7.1 Greylisted")).kind()).isEqualTo(Kind.RETRYABLE);
    }

    @Test
    void dataRejectedUsesItsReplyCode() {
        SMTPSendFailedException full = new SMTPSendFailedException("DATA", 452, "452 4.3.1 Insufficient storage", null, null, null, null);
        SMTPSendFailedException spam = new SMTPSendFailedException("DATA", 554, "554 5.7.1 Rejected as spam", null, null, null, null);
        assertThat(SmtpFailures.classify(full).kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(SmtpFailures.classify(spam).kind()).isEqualTo(Kind.PERMANENT);
    }

    @Test
    void authenticationFailureCodeComesFromTheServerReplyAndSecretsAreMasked() {
        AuthenticationFailedException temporary = new AuthenticationFailedException("454 4.7.0 Temporary authentication failure");
        AuthenticationFailedException rejected = new AuthenticationFailedException("535 5.7.8 bad credentials for hunter2");
        assertThat(SmtpFailures.classify(temporary).kind()).isEqualTo(Kind.RETRYABLE);
        DeliveryResult r = SmtpFailures.classify(rejected, "hunter2");
        assertThat(r.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(r.reason()).doesNotContain("hunter2").contains("***");
    }

    @Test
    void timeoutsAndUnknownFailuresAreRetryable() {
        assertThat(SmtpFailures.classify(new MessagingException("Exception reading response", new SocketTimeoutException("Read timed out")))
                .kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(SmtpFailures.classify(new MessagingException("something odd")).kind()).isEqualTo(Kind.RETRYABLE);
    }
}
