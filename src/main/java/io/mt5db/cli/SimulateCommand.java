package io.mt5db.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "simulate", mixinStandardHelpOptions = true, description = "An EA against a running server.")
public final class SimulateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
