package io.tablemover.plugin.hooks.shell;

import io.tablemover.spi.PluginLog;
import io.tablemover.spi.hook.Hook;
import io.tablemover.spi.hook.HookEvent;
import io.tablemover.spi.hook.HookException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs, for each event, every executable file in the hooks folder whose name starts with
 * {@code tablemover-on-<event>} (e.g. {@code tablemover-on-before-cut-over},
 * {@code tablemover-on-status-10-graphite}), in name order (by UTF-16 code unit, i.e. byte order
 * for ASCII names), one after the other, synchronously.
 *
 * <p>Each executable runs with the engine's working directory, stdin closed (it reads end of
 * file), stdout and stderr merged and logged line by line at info level as
 * {@code <file>: <line>}, and the environment of the engine minus every inherited
 * {@code TABLEMOVER_*} variable (the engine's passwords among them) and {@code MYSQL_PWD}, plus
 * the variables of {@link HookEnvironment}. One that runs longer than the timeout is sent SIGTERM
 * with all its descendant processes, and SIGKILL 2 s later. Background processes it starts should
 * redirect their output, or their lines keep being logged.
 *
 * <p>Failures (exit code other than 0, timeout, cannot start, folder unreadable) throw a
 * {@link HookException} whose message names the file, the exit code and the last lines of its
 * output; its {@code veto} is set for the {@code before-cut-over} event. At {@code before-cut-over}
 * the first failure stops the remaining executables; at other events all run and the exception
 * reports every failure. The folder is listed again at each event, so hooks can be added while a
 * run goes on. Files that match but are not executable are skipped with a warning (once per file).
 *
 * <p>Thread-safety: {@link #handle} may be called from several threads, but the engine calls it
 * serially.
 */
final class ShellHook implements Hook {
    private static final String FILE_PREFIX = "tablemover-on-";
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    private static final long OUTPUT_DRAIN_MILLIS = 2_000;
    private static final int TAIL_LINES = 5;
    private static final int MAX_LINE_CHARS = 1_000;

    private final Path hooksPath;
    private final Duration timeout;
    private final PluginLog log;
    private final Map<String, String> inheritedEnvironment;
    private final Set<String> warnedNotExecutable = ConcurrentHashMap.newKeySet();

    /**
     * @param hooksPath the folder of the executables
     * @param timeout how long one executable may run
     * @param log where output lines and warnings go
     * @param baseEnvironment the environment to pass on (normally the engine's), before the
     *     {@code TABLEMOVER_*} variables and {@code MYSQL_PWD} are removed from it
     */
    ShellHook(Path hooksPath, Duration timeout, PluginLog log, Map<String, String> baseEnvironment) {
        this.hooksPath = hooksPath;
        this.timeout = timeout;
        this.log = log;
        Map<String, String> inherited = new HashMap<>(baseEnvironment);
        inherited.keySet().removeIf(k -> k.startsWith(HookEnvironment.PREFIX) || k.equals("MYSQL_PWD"));
        this.inheritedEnvironment = Map.copyOf(inherited);
    }

    @Override
    public void handle(HookEvent event) throws HookException {
        boolean veto = event.type().vetoable();
        List<Path> executables;
        try {
            executables = executables(FILE_PREFIX + event.type().eventName());
        } catch (IOException e) {
            throw new HookException("shell hooks: cannot list " + ShellHookFactory.HOOKS_PATH + " " + hooksPath + ": " + e,
                    veto, e);
        }
        Map<String, String> env = new HashMap<>(inheritedEnvironment);
        env.putAll(HookEnvironment.variables(event));
        List<HookException> failures = new ArrayList<>();
        for (Path executable : executables) {
            try {
                run(executable, env, veto);
            } catch (HookException e) {
                if (veto) {
                    throw e;
                }
                failures.add(e);
            }
        }
        if (failures.size() == 1) {
            throw failures.get(0);
        }
        if (failures.size() > 1) {
            HookException all = new HookException(failures.size() + " hooks failed at " + event.type() + ": "
                    + failures.stream().map(Throwable::getMessage).collect(Collectors.joining("; ")), false);
            failures.forEach(all::addSuppressed);
            throw all;
        }
    }

    /** @return the matching executable files, in name order; warns about matching non-executable files */
    private List<Path> executables(String prefix) throws IOException {
        List<Path> matching;
        try (Stream<Path> files = Files.list(hooksPath)) {
            matching = files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                    .toList();
        }
        List<Path> executables = new ArrayList<>();
        for (Path f : matching) {
            if (Files.isExecutable(f)) {
                executables.add(f);
            } else if (warnedNotExecutable.add(f.getFileName().toString())) {
                log.warn("skipping hook " + f + ": it is not executable (chmod +x it to run it)");
            }
        }
        return executables;
    }

    private void run(Path executable, Map<String, String> env, boolean veto) throws HookException {
        String name = executable.getFileName().toString();
        ProcessBuilder builder = new ProcessBuilder(executable.toAbsolutePath().toString()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new HookException("hook " + name + " could not be started: " + e.getMessage(), veto, e);
        }
        try {
            process.getOutputStream().close(); // stdin: end of file at once
        } catch (IOException ignored) {
            // the process may already be gone; its exit code tells
        }
        OutputTail tail = new OutputTail();
        Thread reader = new Thread(() -> tail.readAll(name, process.getInputStream()), "tablemover-hook-output-" + name);
        reader.setDaemon(true);
        reader.start();
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new HookException("hook " + name + " was interrupted and killed", veto, e);
        }
        if (!exited) {
            killTree(process);
            joinQuietly(reader);
            throw new HookException("hook " + name + " timed out after " + timeout.toSeconds() + " s and was killed"
                    + tail.suffix(), veto);
        }
        joinQuietly(reader);
        int code = process.exitValue();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (code != 0) {
            throw new HookException("hook " + name + " exited with code " + code + " after " + millis + " ms"
                    + tail.suffix(), veto);
        }
        log.info("hook " + name + " done in " + millis + " ms");
    }

    /** SIGTERM to the process, then every descendant, then SIGKILL to whatever still runs after the grace time. */
    private static void killTree(Process process) {
        // the hook's own process first, so that a shell cannot outlive its killed children and report
        // them ("Terminated"); the descendants are listed before anything dies (they are re-parented after)
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // still alive, or we were interrupted: SIGKILL below
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void joinQuietly(Thread reader) {
        try {
            reader.join(OUTPUT_DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Logs an executable's output lines and keeps the last few for the failure message. Thread-safe. */
    private final class OutputTail {
        private final Deque<String> last = new ArrayDeque<>();

        void readAll(String name, InputStream output) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String shown = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "..." : line;
                    log.info(name + ": " + shown);
                    synchronized (this) {
                        last.addLast(shown);
                        if (last.size() > TAIL_LINES) {
                            last.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // the stream closes when the process is killed
            }
        }

        /** @return {@code ""} or {@code "; last output: a | b"} */
        synchronized String suffix() {
            return last.isEmpty() ? "" : "; last output: " + String.join(" | ", last);
        }
    }
}
