package io.mt5db.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The jar's command line. Without a command the jar is the server (io.mt5db.ops.Main); with one of
 * these it runs the command and exits. Parsed before Quarkus starts, so {@code --help} and usage
 * errors answer at once and {@code simulate} (an HTTP client) starts neither the database nor Quarkus;
 * {@code import} boots Quarkus without its HTTP server and background jobs, only to reach the ingest
 * service and the database.
 */
@Command(name = "java -jar quarkus-run.jar", mixinStandardHelpOptions = true, version = "MT5 Trading DB 1.0",
        description = {"MT5 Trading DB. Without a command: the server (HTTP API and background jobs). With a command: "
            + "runs it and exits. See docs/cli.md.", ""},
        subcommands = {ImportCommand.class, SimulateCommand.class, MigrateCommand.class, ReportCommand.class,
            CommandLine.HelpCommand.class})
public final class Commands implements Runnable {

    /** The first arguments that select the command line rather than the server. */
    static final Set<String> NAMES = Set.of("import", "simulate", "migrate", "report", "help", "--help", "-h", "--version", "-V");

    /** Provides the database a command writes to: set up the datasource properties, close when done. */
    @FunctionalInterface
    public interface Database {
        AutoCloseable open() throws Exception;
    }

    static volatile Database database = () -> () -> { };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static boolean isCommand(String... args) {
        return args.length > 0 && NAMES.contains(args[0]);
    }

    /** Runs a command; answers its exit code (0 success, 1 the work was incomplete or rejected rows, 2 usage or failure). */
    public static int run(Database db, String... args) {
        database = db;
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Commands());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(line.getColorScheme().errorText(line.getCommandName() + ": " + message(e)));
            return 2;
        });
        return cl;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
