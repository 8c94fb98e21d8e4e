package io.tablemover.engine.metrics;

import static io.tablemover.testing.TestData.exec;
import static io.tablemover.testing.TestData.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.Metrics;
import io.tablemover.engine.error.ExitCode;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.schema.TableSchema;
import io.tablemover.engine.sql.SchemaReader;
import io.tablemover.engine.step.MoveListener;
import io.tablemover.testing.MoveHarness;
import io.tablemover.testing.MysqlServers;
import io.tablemover.testing.RowComparer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --metrics-port} on a real move: {@code /metrics} is scraped while the copy is throttled, while it runs and
 * while the cutover is postponed and the source takes writes. Each scrape is read twice: the text format (what
 * Prometheus scrapes by default: content type and a {@code # TYPE} line per family) and the same registry in the
 * Prometheus protobuf format, parsed with the Prometheus Java client's own generated parser
 * ({@code prometheus-metrics-exposition-formats}' {@code Metrics.MetricFamily.parseDelimitedFrom}): the Java client
 * has no text-format parser.
 */
class MetricsIT {
    private static final int ROWS = 30_000;
    private static final String PROTOBUF = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
            + " encoding=delimited";

    private final MysqlServers servers = MysqlServers.get();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path temp;

    /** One sample: its labels and value. */
    record Sample(Map<String, String> labels, double value) {}

    @Test
    void aScrapeDuringARealMoveShowsItsProgress() throws Exception {
        String src = servers.source().createDatabase("metrics_src");
        String tgt = servers.target().createDatabase("metrics_tgt");
        Path throttle = Files.createFile(temp.resolve("throttle"));
        Path postpone = Files.createFile(temp.resolve("postpone"));
        int port = freePort();
        try (Connection c = servers.source().connect(src);
             ServerPool source = MoveHarness.pool(servers.source(), src);
             ServerPool target = MoveHarness.pool(servers.target(), tgt);
             AutoCloseable retention = binlogRetention(c, 1)) {
            seed(c, ROWS);
            CompletableFuture<MoveHarness.Run> run = CompletableFuture.supplyAsync(() -> MoveHarness.move(src, tgt, "t",
                    MoveListener.NONE, "--execute", "--metrics-port", Integer.toString(port), "--chunk-size", "100",
                    "--chunk-time", "0", "--copy-threads", "1", "--throttle-flag-file", throttle.toString(),
                    "--postpone-cutover-flag-file", postpone.toString()));

            // throttled before the copy: the phase and the throttler are there, nothing is copied
            Map<String, List<Sample>> m = await("the copy phase, throttled", run, port,
                    s -> value(s, "tablemover_phase", "phase", "copy") == 1 && value(s, "tablemover_throttled") == 1
                            && !Double.isNaN(value(s, "tablemover_binlog_lag_seconds")));
            assertEquals(0, value(m, "tablemover_rows_copied_total", "table", "t"), "rows copied while throttled");
            assertEquals(ROWS, value(m, "tablemover_rows_estimated", "table", "t"), ROWS * 0.5);
            assertEquals(1, value(m, "tablemover_throttled_by", "throttler", "flag-file"));
            assertEquals(0, value(m, "tablemover_phase", "phase", "verify"));
            assertTrue(value(m, "tablemover_binlog_lag_seconds") >= 0, "lag exists: " + m.keySet());
            assertTrue(m.containsKey("tablemover_change_buffer_fill_ratio"));
            assertEquals(1, m.get("tablemover_run_info").size());

            // the retention guard: the source keeps its binlogs 1 s (set below), the position is fresh
            assertEquals(1, value(m, "tablemover_binlog_expire_logs_seconds"));
            double age = value(m, "tablemover_binlog_position_age_seconds");
            assertTrue(age >= 0 && age < 60, "binlog position age " + age);

            // unthrottled: rows copied only grows, until every row is copied and the cutover waits; meanwhile the
            // copy's ETA (seconds) goes past the 1 s retention
            Files.delete(throttle);
            List<Double> copied = new ArrayList<>();
            boolean[] exceeded = {false};
            m = await("the cutover wait", run, port, s -> {
                copied.add(value(s, "tablemover_rows_copied_total", "table", "t"));
                exceeded[0] |= value(s, "tablemover_copy_eta_exceeds_retention") == 1;
                return value(s, "tablemover_phase", "phase", "wait_cutover") == 1;
            });
            assertTrue(exceeded[0], "the copy's ETA never exceeded a 1 s binlog retention");
            assertEquals(0, value(m, "tablemover_copy_eta_exceeds_retention"), "no ETA after the copy");
            for (int i = 1; i < copied.size(); i++) {
                assertTrue(copied.get(i) >= copied.get(i - 1), "rows copied shrank: " + copied);
            }
            assertEquals(ROWS, value(m, "tablemover_rows_copied_total", "table", "t"));
            assertEquals(1, value(m, "tablemover_table_copy_done", "table", "t"));
            assertEquals(ROWS, value(m, "tablemover_verify_rows_compared_total", "table", "t"));
            assertEquals(1, value(m, "tablemover_verify_table_done", "table", "t"));
            assertEquals(0, value(m, "tablemover_throttled"));
            assertFalse(m.containsKey("tablemover_throttled_by"), "no throttler throttles: " + m.get("tablemover_throttled_by"));
            assertTrue(value(m, "tablemover_copy_rate_rows_per_second") > 0);

            // writes on the source while the cutover waits reach the target; the lag is from the events' timestamps
            double appliedBefore = value(m, "tablemover_binlog_keys_applied_total");
            exec(c, "INSERT INTO t VALUES (" + (ROWS + 1) + ", 'late')", "UPDATE t SET v = 'changed' WHERE id <= 10");
            long writtenAt = System.currentTimeMillis() / 1000;
            m = await("the writes applied", run, port,
                    s -> value(s, "tablemover_binlog_keys_applied_total") >= appliedBefore + 11);
            assertTrue(value(m, "tablemover_binlog_row_events_total") >= 11);
            double lag = value(m, "tablemover_binlog_lag_seconds");
            assertTrue(lag >= 0 && lag < 60, "binlog lag " + lag + " s");
            double lastEvent = value(m, "tablemover_binlog_last_applied_event_timestamp_seconds");
            assertTrue(Math.abs(lastEvent - writtenAt) <= 5, "last applied event at " + lastEvent + ", written at " + writtenAt);
            assertEquals(0, value(m, "tablemover_errors_total"));

            Files.delete(postpone);
            MoveHarness.Run done = run.get(60, TimeUnit.SECONDS);
            assertEquals(0, done.exitCode(), done.err());
            assertFalse(reachable(port), "the metrics port is closed when the run ends");
            TableSchema del = new SchemaReader(source.dsl()).read(src, "_t_del");
            RowComparer.Comparison cmp = RowComparer.compare(source, src, "_t_del", target, tgt, "t", del);
            assertEquals(ROWS + 1, cmp.leftRows());
            assertTrue(cmp.identical(), cmp.differences() + " rows differ, e.g. " + cmp.examples());
        }
    }

    @Test
    void aMetricsPortInUseIsInvalidInputBeforeAnyServerIsContacted() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            MoveHarness.Run r = MoveHarness.move("nodb_src", "nodb_tgt", "t", MoveListener.NONE, "--execute",
                    "--metrics-port", Integer.toString(taken.getLocalPort()));
            assertEquals(ExitCode.INVALID_INPUT.code(), r.exitCode(), r.err());
            assertTrue(r.err().strip().startsWith("error: --metrics-port " + taken.getLocalPort()
                    + ": cannot listen on 127.0.0.1:" + taken.getLocalPort() + " ("), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    /**
     * Sets the source's {@code binlog_expire_logs_seconds} until closed. Binary logs are purged by age only when the
     * server rotates them (FLUSH LOGS, max_binlog_size, a restart), which nothing does meanwhile.
     */
    private static AutoCloseable binlogRetention(Connection c, long seconds) throws java.sql.SQLException {
        long before;
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT @@global.binlog_expire_logs_seconds")) {
            rs.next();
            before = rs.getLong(1);
        }
        exec(c, "SET GLOBAL binlog_expire_logs_seconds = " + seconds);
        return () -> exec(c, "SET GLOBAL binlog_expire_logs_seconds = " + before);
    }

    private Map<String, List<Sample>> await(String what, CompletableFuture<?> run, int port,
                                            Predicate<Map<String, List<Sample>>> condition) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            assertFalse(run.isDone(), "the move ended before " + what + ": " + run.getNow(null));
            if (reachable(port)) {
                Map<String, List<Sample>> scraped = scrape(port);
                if (condition.test(scraped)) {
                    return scraped;
                }
            }
            assertTrue(System.nanoTime() < deadline, "not within 60 s: " + what);
            Thread.sleep(20);
        }
    }

    /**
     * Parses a scrape in the protobuf format with the client library's parser, then checks that a scrape in the text
     * format right after it has each of those families (but those that a lifted throttle or the copy's end removes).
     */
    private Map<String, List<Sample>> scrape(int port) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        HttpResponse<InputStream> proto = http.send(HttpRequest.newBuilder(uri).header("Accept", PROTOBUF).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Map<String, List<Sample>> families = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        try (InputStream in = proto.body()) {
            Metrics.MetricFamily f;
            while ((f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
                List<Sample> samples = new ArrayList<>();
                boolean counter = f.getType() == Metrics.MetricType.COUNTER;
                for (Metrics.Metric metric : f.getMetricList()) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    metric.getLabelList().forEach(l -> labels.put(l.getName(), l.getValue()));
                    samples.add(new Sample(labels, counter ? metric.getCounter().getValue() : metric.getGauge().getValue()));
                }
                families.put(f.getName(), samples);
                types.put(f.getName(), counter ? "counter" : "gauge");
            }
        }
        HttpResponse<String> text = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, text.statusCode());
        assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                text.headers().toString());
        types.remove("tablemover_throttled_by"); // present only while throttled
        types.remove("tablemover_copy_eta_seconds"); // present only while the copy runs
        types.forEach((name, type) -> assertTrue(text.body().contains("# TYPE " + name + " " + type + "\n"),
                "the text format lacks " + name + ":\n" + text.body()));
        return families;
    }

    /** @return the value of the one sample of {@code name} with the label, NaN if there is none */
    private static double value(Map<String, List<Sample>> m, String name, String... label) {
        return m.getOrDefault(name, List.of()).stream()
                .filter(s -> label.length == 0 || label[1].equals(s.labels().get(label[0])))
                .mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
    }

    private static boolean reachable(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
