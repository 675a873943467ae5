package io.mt5db.cli;

import io.mt5db.cli.report.DailyReport;
import io.mt5db.cli.report.ReportFindings;
import io.mt5db.cli.report.ReportMailer;
import io.mt5db.cli.report.ReportRenderer;
import io.mt5db.cli.report.ReportService;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The Quarkus side of {@code report}. */
@Dependent
@Unremovable
public class ReportApplication implements QuarkusApplication {

    @Inject
    ReportService reports;

    @Inject
    ReportMailer mailer;

    @Override
    public int run(String... args) throws Exception {
        ReportCommand.Pending pending = ReportCommand.PENDING.get();
        deliver(pending, reports.build(pending.request()));
        return 0;
    }

    /** Renders and delivers one report: the file, the mail, else standard output. */
    public void deliver(ReportCommand.Pending pending, DailyReport report) throws Exception {
        List<String> findings = ReportFindings.of(report, pending.request().thresholds());
        String text = ReportRenderer.text(report, findings);
        String json = ReportRenderer.json(report, findings);
        String chosen = pending.format().equals("json") ? json : text;
        if (pending.output() != null) {
            write(pending.output(), chosen);
            System.err.println("report: written to " + pending.output());
        }
        if (!pending.mailTo().isEmpty()) {
            try {
                mailer.send(pending.mailTo(), ReportRenderer.subject(report, findings), text, json);
            } catch (RuntimeException e) {
                throw new IllegalStateException("mailing the report to " + String.join(", ", pending.mailTo())
                        + " failed (QUARKUS_MAILER_HOST, _PORT, _FROM...): " + Commands.message(e), e);
            }
            System.err.println("report: mailed to " + String.join(", ", pending.mailTo()));
        }
        if (pending.output() == null && pending.mailTo().isEmpty()) {
            System.out.print(chosen);
            System.out.flush();
        }
    }

    /** Beside the target and renamed: a reader never sees half a report. */
    static void write(Path target, String content) throws java.io.IOException {
        Path absolute = target.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
