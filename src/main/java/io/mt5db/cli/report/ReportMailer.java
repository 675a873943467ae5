package io.mt5db.cli.report;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Mails a report: the text as the body, the JSON attached. The SMTP server comes from Quarkus'
 * mailer settings (QUARKUS_MAILER_HOST, _PORT, _FROM, _USERNAME, _PASSWORD, _TLS / _START_TLS).
 */
@ApplicationScoped
public class ReportMailer {

    @Inject
    Mailer mailer;

    public void send(List<String> to, String subject, String text, String json) {
        Mail mail = new Mail().setTo(List.copyOf(to)).setSubject(subject).setText(text)
                .addAttachment("mt5db-report.json", json.getBytes(StandardCharsets.UTF_8), "application/json");
        mailer.send(mail);
    }
}
