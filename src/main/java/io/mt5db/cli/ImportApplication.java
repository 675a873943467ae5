package io.mt5db.cli;

import io.mt5db.cli.importing.ImportRequest;
import io.mt5db.cli.importing.ImportService;
import io.mt5db.cli.importing.ImportSummary;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

/** The Quarkus side of {@code import}: runs the pending request once Quarkus (and Flyway) are up, then exits. */
@Dependent
@Unremovable
public class ImportApplication implements QuarkusApplication {

    @Inject
    ImportService imports;

    @Override
    public int run(String... args) throws Exception {
        ImportRequest request = ImportCommand.PENDING.get();
        if (request == null) {
            System.err.println("import: nothing to import");
            return 2;
        }
        ImportSummary summary = imports.run(request, new ConsoleProgress(System.out, System.console() != null));
        System.out.print(summary.render());
        if (!summary.complete()) {
            return 1;
        }
        return summary.rejected() == 0 || ImportCommand.allowRejectsPending ? 0 : 1;
    }
}
