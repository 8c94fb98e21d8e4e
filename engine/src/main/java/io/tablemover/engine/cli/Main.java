package io.tablemover.engine.cli;

import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.error.MoveException;
import io.tablemover.engine.step.FaultInjectors;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.engine.step.StopSignal;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tablemover} command line: {@code move}, {@code status}, {@code cancel}, {@code verify}, {@code revert},
 * {@code complete}, {@code plugins}, then every {@link Subcommand}
 * on the class path ({@code demo} when the demo module is there). Exit codes: see {@link io.tablemover.engine.error.ExitCode}.
 */
@Command(name = "tablemover", mixinStandardHelpOptions = true, version = "tablemover 0.1.0",
        description = "Online MySQL table mover: moves live tables to another server and cuts over atomically.",
        footer = "%n" + ExitCodeHelp.HELP)
public final class Main implements java.util.concurrent.Callable<Integer> {
    /** The binlog client logs through java.util.logging; keep it to warnings (held so it is not collected). */
    private static final java.util.logging.Logger BINLOG_LOG = java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog");

    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        BINLOG_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /**
     * Runs the command line and exits with its code. The arguments are taken as the shell passed them, whatever the
     * locale ({@link CommandLineArguments}); one the locale garbled beyond repair stops with exit code 2.
     */
    public static void main(String[] args) {
        // the binlog library logs through java.util.logging: one log format, and conf/logback.xml's levels, for all
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        String[] decoded = CommandLineArguments.decode(args);
        String garbled = CommandLineArguments.garbled(decoded);
        if (garbled != null) {
            err.println("error: the argument '" + garbled + "' is not valid in this locale's character set ("
                    + System.getProperty("sun.jnu.encoding") + "): run tablemover under a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
            System.exit(ExitCode.INVALID_INPUT.code());
        }
        System.exit(execute(decoded, out, err, System.getenv(), MoveListener.NONE, SignalHandlers.install(err)));
    }

    /**
     * Runs the command line in this JVM (the tests' entry point).
     *
     * @param env where passwords are looked up
     * @param listener observes a move's phases
     * @return the exit code, see {@link io.tablemover.engine.error.ExitCode}
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env,
                              MoveListener listener) {
        return execute(args, out, err, env, listener, StopSignal.none());
    }

    /**
     * Runs the command line in this JVM.
     *
     * @param stop set by the process's signal handlers ({@link StopSignal#none()} when nothing may stop the run)
     * @return the exit code, see {@link io.tablemover.engine.error.ExitCode}; {@code 2} with one line on {@code err}
     *     when the system property {@value FaultInjectors#PROPERTY} names a class that cannot be loaded
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env,
                              MoveListener listener, StopSignal stop) {
        try {
            FaultInjectors.configured();
        } catch (MoveException e) {
            return Failures.report(e, err, "error: ");
        }
        CommandLine cli = commandLine(env, listener, stop);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("internal error: " + ex);
            ex.printStackTrace(line.getErr());
            return ExitCode.INTERNAL_ERROR.code();
        });
        return cli.execute(args);
    }

    /** @return the command line with every subcommand (the built-in ones, then those on the class path) */
    static CommandLine commandLine(Map<String, String> env, MoveListener listener, StopSignal stop) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand(new CommandLine(new MoveCommand(env, listener, stop)));
        cli.addSubcommand(new CommandLine(new StatusCommand(env)));
        cli.addSubcommand(new CommandLine(new CancelCommand(env)));
        cli.addSubcommand(new CommandLine(new VerifyCommand(env)));
        cli.addSubcommand(new CommandLine(new RevertCommand(env, listener, stop)));
        cli.addSubcommand(new CommandLine(new CompleteCommand(env, listener, stop)));
        cli.addSubcommand(new CommandLine(new PluginsCommand()));
        for (Subcommand extra : extraSubcommands()) {
            cli.addSubcommand(new CommandLine(extra));
        }
        return cli;
    }

    /** @return the {@link Subcommand}s on the class path, ordered by class name so the usage is stable */
    private static List<Subcommand> extraSubcommands() {
        return ServiceLoader.load(Subcommand.class, Main.class.getClassLoader()).stream()
                .sorted(Comparator.comparing(p -> p.type().getName()))
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a command: prints the usage to stderr and exits 2. */
    @Override
    public Integer call() {
        List<String> names = List.copyOf(spec.subcommands().keySet());
        String last = names.get(names.size() - 1);
        String list = names.size() == 1 ? last : String.join(", ", names.subList(0, names.size() - 1)) + " or " + last;
        spec.commandLine().getErr().println("error: name a command: " + list);
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.INVALID_INPUT.code();
    }
}
