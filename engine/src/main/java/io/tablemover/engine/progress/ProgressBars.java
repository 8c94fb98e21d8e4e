package io.tablemover.engine.progress;

import ch.qos.logback.classic.Level;
import io.tablemover.engine.apply.Replication;
import io.tablemover.engine.config.Monitoring;
import io.tablemover.engine.metrics.CopyFigures;
import io.tablemover.engine.state.Phase;
import io.tablemover.engine.state.TableProgress;
import io.tablemover.engine.step.RunContext;
import io.tablemover.engine.step.StatusLine;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.LoggerFactory;

/**
 * The copy's live progress bars on a terminal (the {@code progressbar} library, drawn with JLine): one bar per table
 * with rows copied of the estimate, rows/s and ETA, and the binlog lag and throttling as the bars' message. Shown
 * while the run is in its copy phase, only if stdout is a terminal and {@code --no-progress} is not given; meanwhile
 * the periodic status log line ({@link StatusLine}'s logger) is silenced, since the bars say the same. Without a
 * terminal nothing changes: the status lines are logged as always.
 *
 * <p>A daemon thread polls the run every 250 ms; {@link #close()} ends the bars and restores the status lines.
 */
public final class ProgressBars implements AutoCloseable {
    private static final long POLL_MS = 250;

    private final PrintStream terminal;
    private final Map<String, ProgressBar> bars = new LinkedHashMap<>();
    private Thread thread;
    private volatile boolean closed;
    private Level statusLevel;

    private ProgressBars(PrintStream terminal) {
        this.terminal = terminal;
    }

    /**
     * @param monitoring {@code --no-progress} turns the bars off
     * @param terminal where to draw them: stdout, when it is a terminal
     * @return bars that show once {@link #attach} is called, or none if off or without a terminal
     */
    public static ProgressBars create(Monitoring monitoring, PrintStream terminal, boolean isTerminal) {
        return new ProgressBars(monitoring.progressBars() && isTerminal ? terminal : null);
    }

    /** @return true if stdout is a terminal (the JVM has a console: stdin and stdout are both terminals) */
    public static boolean stdoutIsTerminal() {
        return System.console() != null;
    }

    /** @return true if bars will be drawn */
    public boolean enabled() {
        return terminal != null;
    }

    /** Starts following {@code run}: its bars appear when its copy starts and end with it. */
    public synchronized void attach(RunContext run) {
        if (terminal == null || thread != null) {
            return;
        }
        thread = new Thread(() -> follow(run), "progress-bars");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(RunContext run) {
        try {
            while (!closed) {
                Phase phase = run.phase();
                if (phase == Phase.COPY && run.copyStartNanos() != 0) {
                    update(run);
                } else if (phase.compareTo(Phase.COPY) > 0 && !bars.isEmpty()) {
                    update(run);
                    break;
                }
                Thread.sleep(POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            end();
        }
    }

    private synchronized void update(RunContext run) {
        if (bars.isEmpty()) {
            silenceStatusLines();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - run.copyStartNanos());
            for (TableProgress t : run.progress()) {
                bars.put(t.table().name(), new ProgressBarBuilder().setTaskName(t.table().name())
                        .setInitialMax(Math.max(1, t.estimatedRows())).setUnit(" rows", 1).showSpeed()
                        .setStyle(ProgressBarStyle.UNICODE_BLOCK).setUpdateIntervalMillis((int) POLL_MS)
                        .setConsumer(consumer())
                        .startsFrom(t.rowsCopied(), elapsed).build());
            }
        }
        String message = message(run);
        for (TableProgress t : run.progress()) {
            ProgressBar bar = bars.get(t.table().name());
            if (bar != null) {
                bar.maxHint(t.done() ? t.rowsCopied() : Math.max(t.estimatedRows(), t.rowsCopied()));
                bar.stepTo(t.rowsCopied());
                bar.setExtraMessage(message.isEmpty() ? "" : " " + message);
            }
        }
    }

    /**
     * @return a consumer that keeps each table's bar on a line of its own (cursor movement) on a terminal that can
     *     move the cursor; one that redraws a single line on a {@code dumb} one
     */
    private ConsoleProgressBarConsumer consumer() {
        String term = System.getenv("TERM");
        return term == null || term.isBlank() || term.equals("dumb") ? new ConsoleProgressBarConsumer(terminal)
                : new InteractiveConsoleProgressBarConsumer(terminal);
    }

    /** @return e.g. {@code lag 0.4 s | ETA 12 s | throttled by flag-file} */
    private static String message(RunContext run) {
        StringBuilder m = new StringBuilder();
        run.runningReplication().map(Replication::applier)
                .ifPresent(a -> m.append("lag ").append(String.format("%.1f", a.sourceLagMs() / 1000.0)).append(" s"));
        CopyFigures.of(run).etaSeconds().ifPresent(eta -> m.append(m.length() > 0 ? " | " : "").append("ETA ")
                .append(eta).append(" s"));
        if (run.plugins().gate().throttled()) {
            m.append(m.length() > 0 ? " | " : "").append("throttled by ").append(run.plugins().gate().state().throttler());
        }
        return m.toString();
    }

    private void silenceStatusLines() {
        var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(StatusLine.class);
        statusLevel = logger.getLevel();
        logger.setLevel(Level.WARN);
    }

    private synchronized void end() {
        bars.values().forEach(ProgressBar::close);
        if (!bars.isEmpty()) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(StatusLine.class)).setLevel(statusLevel);
        }
        bars.clear();
    }

    /** Ends the bars (if shown) and restores the status lines. */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
