package io.mt5db.cli;

import io.mt5db.cli.migrate.MigrateRequest;
import io.mt5db.cli.migrate.MigrateService;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.List;

/** The Quarkus side of {@code migrate}. */
@Dependent
@Unremovable
public class MigrateApplication implements QuarkusApplication {

    @Inject
    MigrateService migrations;

    @Override
    public int run(String... args) throws Exception {
        MigrateRequest request = MigrateCommand.PENDING.get();
        List<MigrateService.TableSummary> tables = migrations.run(request);
        System.out.println("migrate: " + request.fromUrl().replaceAll("password=[^&]*", "password=***"));
        boolean complete = true;
        long rejected = 0;
        for (MigrateService.TableSummary t : tables) {
            System.out.print(t.render());
            complete &= t.complete;
            rejected += t.rejected;
        }
        System.out.println("  checkpoint: " + request.stateFile());
        return complete && rejected == 0 ? 0 : 1;
    }
}
