package io.tablemover.demo.bench;

import io.tablemover.testing.EmbeddedMysql;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The issue-10 benchmark ({@code bench/compare.sh}): in one run, on the same two local MySQL 8.0.31 servers
 * ({@link EmbeddedMysql}) and the same data ({@link BenchTables}), measures the reference ceilings (a single-session
 * {@code INSERT … SELECT} on the target server, {@code mysqldump | mysql} across the servers), then runs the
 * installation's {@code bin/tablemover move --execute} as a child process once per write rate (idle, 300 and 2,000
 * row-writes/s by default, from {@link RateWriter}), with an application {@code UPDATE} timed by
 * {@link LatencyProbe}, checks target = source by checksum after each move, and prints the figures side by side and
 * next to the targets. Configured by environment variables (see {@code bench/README.md}).
 *
 * <p>Exit codes: 0 every move completed and every target table equals its source; 1 otherwise (one line says why).
 */
public final class MoveBench {
    private static final String SRC_DB = "benchsrc";
    private static final String DST_DB = "benchdst";
    private static final String URL_PARAMS = "?useSSL=false&allowPublicKeyRetrieval=true";

    private final Map<String, String> env;
    private final Path home;
    private final Path out;
    private final BenchTables tables;
    private final List<Integer> rates;
    private final int repeat;

    private MoveBench(Map<String, String> env) {
        this.env = env;
        String h = env.get("BENCH_HOME");
        if (h == null || !Files.isExecutable(Path.of(h, "bin", "tablemover"))) {
            throw new IllegalArgumentException("BENCH_HOME must name an unpacked tablemover installation (bin/tablemover), got " + h);
        }
        this.home = Path.of(h).toAbsolutePath();
        this.out = Path.of(env.getOrDefault("BENCH_OUT",
                "/tmp/tablemover-bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        long rows = longEnv("BENCH_ROWS", 1_000_000);
        this.tables = new BenchTables(rows, longEnv("BENCH_COMPOSITE_ROWS", Math.max(1, rows / 2)));
        this.rates = Arrays.stream(env.getOrDefault("BENCH_RATES", "0,300,2000").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        this.repeat = (int) longEnv("BENCH_REPEAT", 1);
        if (repeat < 1 || repeat > 20) {
            throw new IllegalArgumentException("BENCH_REPEAT must be 1..20 (runs per rate), got " + repeat);
        }
    }

    /**
     * Runs the benchmark; see the class comment for the exit codes.
     *
     * @param args none; everything comes from the environment
     */
    public static void main(String[] args) {
        int code;
        try {
            code = new MoveBench(System.getenv()).run() ? 0 : 1;
        } catch (Exception e) {
            System.out.println("bench FAILED: " + oneLine(e));
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    private record Scenario(int rate, ToolRun.Figures f, double achievedRate, long refused, double p99Ms, int probeSamples,
                            String check) {}

    private boolean run() throws Exception {
        Files.createDirectories(out);
        List<String> flags = List.of(env.getOrDefault("BENCH_MYSQLD_FLAGS", "--innodb-buffer-pool-size=1G --innodb-redo-log-capacity=512M").trim().split("\\s+"))
                .stream().filter(s -> !s.isEmpty()).toList();
        say("bench: %d + %d rows (big + comp), write rates %s, results and logs in %s", tables.bigRows(), tables.compRows(), rates, out);
        say("bench: starting two local MySQL %s servers (extra mysqld flags %s)", EmbeddedMysql.MYSQL_VERSION, flags);
        try (EmbeddedMysql source = EmbeddedMysql.start(1, "+00:00", flags);
             EmbeddedMysql target = EmbeddedMysql.start(2, "+00:00", flags);
             Connection src = connect(source, "");
             Connection tgt = connect(target, "")) {
            long loadMs = tables.load(src, SRC_DB);
            say("bench: loaded %d rows on the source in %d ms (%.0f rows/s)", tables.totalRows(), loadMs, tables.totalRows() * 1000.0 / Math.max(1, loadMs));

            List<Double> ceilings = new ArrayList<>();
            for (int r = 0; r < repeat; r++) {
                ceilings.add(insertSelectCeiling(tgt));
                say("ceiling: INSERT ... SELECT on the target server: %.0f rows/s", ceilings.get(r));
            }
            double insertSelect = Repeats.median(ceilings);
            String dump = dumpCeiling(source, target, tgt);
            say("ceiling: dump | client across the servers: %s", dump);

            int probeRate = (int) longEnv("BENCH_PROBE_RATE", 50);
            long probeSeconds = longEnv("BENCH_PROBE_SECONDS", 20);
            double baselineP99;
            int baselineSamples;
            try (LatencyProbe probe = new LatencyProbe(url(source, ""), source.user(), source.password(), SRC_DB,
                    tables.bigRows(), probeRate, () -> true).start()) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(probeSeconds));
                probe.stop();
                fail(probe.failure());
                baselineP99 = probe.percentileMs(99);
                baselineSamples = probe.samples();
            }
            say("baseline: UPDATE p99 %.2f ms over %d statements (%d/s for %d s, no move running)", baselineP99,
                    baselineSamples, probeRate, probeSeconds);

            // the run(s) the probe runs in: one rate, or "all"
            String during = env.getOrDefault("BENCH_PROBE_DURING_RATE", "").trim();
            boolean probeAll = during.equalsIgnoreCase("all");
            int probeDuring = probeAll ? -1 : (int) longEnv("BENCH_PROBE_DURING_RATE", rates.isEmpty() ? 0 : rates.get(0));
            List<Scenario> done = new ArrayList<>();
            List<String> spreads = new ArrayList<>();
            boolean allIdentical = true;
            for (int i = 0; i < rates.size(); i++) {
                int rate = rates.get(i);
                List<Scenario> runs = new ArrayList<>();
                for (int r = 0; r < repeat; r++) {
                    if (i > 0 || r > 0) {
                        long ms = tables.load(src, SRC_DB);
                        say("bench: reloaded the source in %d ms", ms);
                    }
                    try (Statement s = tgt.createStatement()) {
                        s.execute("DROP DATABASE IF EXISTS " + DST_DB);
                        s.execute("CREATE DATABASE " + DST_DB);
                    }
                    Settle.flush(src, tgt);
                    Scenario sc = scenario(source, target, src, tgt, rate, probeAll || rate == probeDuring ? probeRate : 0,
                            i * repeat + r);
                    runs.add(sc);
                    allIdentical &= sc.check().startsWith("identical");
                    ToolRun.Figures f = sc.f();
                    say("run %s: %d rows copied at %d rows/s (%.2fx INSERT...SELECT), lag max %d ms / at cutover %d ms,"
                                    + " cutover window %d ms, tool CPU %.1f s, RSS peak %.0f MiB, heap peak %.0f MiB; check: %s",
                            label(rate), f.rowsCopied(), f.copyRowsPerSecond(), f.copyRowsPerSecond() / insertSelect,
                            f.lagMaxMs(), f.lagAtCutoverMs(), f.cutoverWindowMs(), f.toolCpuSec(), f.peakRssMib(),
                            f.heapPeakMib(), sc.check());
                }
                done.add(Repeats.medianRun(runs, sc -> sc.f().copyRowsPerSecond()));
                if (repeat > 1) {
                    spreads.add("run " + label(rate) + ", " + repeat + " runs: "
                            + Repeats.spread("copy rows/s", runs, sc -> sc.f().copyRowsPerSecond(), "%.0f") + "; "
                            + Repeats.spread("lag max ms", runs, sc -> sc.f().lagMaxMs(), "%.0f") + "; "
                            + Repeats.spread("tool CPU-s per 1M rows", runs,
                                    sc -> sc.f().toolCpuSec() * 1e6 / Math.max(1, sc.f().rowsCopied()), "%.1f")
                            + (runs.get(0).probeSamples() == 0 ? ""
                                    : "; " + Repeats.spread("UPDATE p99 ms", runs, Scenario::p99Ms, "%.2f")));
                }
            }
            report(insertSelect, dump, baselineP99, probeRate, done);
            if (repeat > 1) {
                say("");
                say("== every run (the tables above show each rate's median run by copy rows/s) ==");
                say("ceiling INSERT ... SELECT: %s", Repeats.spread("rows/s", ceilings, Double::doubleValue, "%.0f"));
                spreads.forEach(line -> say("%s", line));
            }
            if (!allIdentical) {
                say("bench FAILED: a target table differs from its source (see the check row)");
            }
            return allIdentical;
        }
    }

    private Scenario scenario(EmbeddedMysql source, EmbeddedMysql target, Connection src, Connection tgt, int rate,
                              int probeRate, int index) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--source", "jdbc:mysql://" + source.host() + ":" + source.port() + "/" + SRC_DB,
                "--target", "jdbc:mysql://" + target.host() + ":" + target.port() + "/" + DST_DB,
                "--tables", String.join(",", BenchTables.TABLES),
                "--source-user", source.user(), "--target-user", target.user(),
                "--execute", "--status-interval-seconds", "1"));
        for (String a : env.getOrDefault("BENCH_MOVE_ARGS", "").trim().split("\\s+")) {
            if (!a.isEmpty()) {
                args.add(a);
            }
        }
        ToolRun tool = new ToolRun(home, out.resolve("run-" + index + "-" + rate), args,
                env.getOrDefault("BENCH_TOOL_JAVA_OPTS", ""), source.pid(), target.pid());
        say("run %s: moving with %s", label(rate), String.join(" ", args));
        ToolRun.Figures f;
        double achieved;
        long refused;
        double p99 = -1;
        int samples = 0;
        try (RateWriter writer = new RateWriter(url(source, ""), source.user(), source.password(), SRC_DB, tables, rate,
                (int) longEnv("BENCH_WRITER_THREADS", 4), (int) longEnv("BENCH_WRITER_ROWS_PER_TXN", 1)).start();
             LatencyProbe probe = probeRate <= 0 ? null : new LatencyProbe(url(source, ""), source.user(), source.password(),
                     SRC_DB, tables.bigRows(), probeRate, () -> tool.phase().equals("copy")).start()) {
            f = tool.run(Map.of("TABLEMOVER_SOURCE_PASSWORD", source.password(),
                    "TABLEMOVER_TARGET_PASSWORD", target.password()), longEnv("BENCH_MOVE_TIMEOUT_SECONDS", 3600));
            writer.stop();
            fail(writer.failure());
            achieved = writer.achievedRate();
            if (rate > 0 && achieved < 0.9 * rate) {
                say("run %s: WARNING the writer reached only %.0f writes/s of %d (machine too busy, or raise BENCH_WRITER_THREADS)",
                        label(rate), achieved, rate);
            }
            refused = writer.refused();
            if (probe != null) {
                probe.stop();
                fail(probe.failure());
                p99 = probe.percentileMs(99);
                samples = probe.samples();
            }
        }
        List<String> checks = new ArrayList<>();
        boolean same = true;
        for (String t : BenchTables.TABLES) {
            List<String> cols = BenchTables.columns(src, SRC_DB, "_" + t + "_del");
            String a = BenchTables.checksum(src, SRC_DB, "_" + t + "_del", cols);
            String b = BenchTables.checksum(tgt, DST_DB, t, cols);
            same &= a.equals(b);
            checks.add(t + " " + a.split(":")[0] + " rows" + (a.equals(b) ? "" : " DIFFERENT (source " + a + ", target " + b + ")"));
        }
        return new Scenario(rate, f, achieved, refused, p99, samples, (same ? "identical: " : "DIFFERENT: ") + String.join(", ", checks));
    }

    private double insertSelectCeiling(Connection tgt) throws SQLException {
        String db = "bench_ref";
        tables.load(tgt, db);
        long ms = 0;
        try (Statement s = tgt.createStatement()) {
            for (String t : BenchTables.TABLES) {
                s.execute("CREATE TABLE " + db + "." + t + "_copy LIKE " + db + "." + t);
                long t0 = System.nanoTime();
                s.executeUpdate("INSERT INTO " + db + "." + t + "_copy SELECT * FROM " + db + "." + t);
                ms += (System.nanoTime() - t0) / 1_000_000;
            }
            s.execute("DROP DATABASE " + db);
        }
        return tables.totalRows() * 1000.0 / Math.max(1, ms);
    }

    /** @return e.g. {@code 80000 rows/s (mariadb-dump | mariadb, 12.3 s)} or {@code n/a (no client)} */
    private String dumpCeiling(EmbeddedMysql source, EmbeddedMysql target, Connection tgt) throws Exception {
        if ("0".equals(env.get("BENCH_DUMP"))) {
            return "n/a (skipped: BENCH_DUMP=0)";
        }
        String dump = onPath("mariadb-dump") ? "mariadb-dump" : onPath("mysqldump") ? "mysqldump" : null;
        String client = onPath("mariadb") ? "mariadb" : onPath("mysql") ? "mysql" : null;
        if (dump == null || client == null) {
            return "n/a (no client)";
        }
        String db = "bench_dump";
        try (Statement s = tgt.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db);
            s.execute("CREATE DATABASE " + db);
        }
        String cmd = "set -o pipefail; " + dump + " --host=127.0.0.1 --port=" + source.port() + " --user=" + source.user()
                + " --single-transaction --skip-lock-tables --no-tablespaces --skip-triggers " + SRC_DB + " "
                + String.join(" ", BenchTables.TABLES) + " | " + client + " --host=127.0.0.1 --port=" + target.port()
                + " --user=" + target.user() + " " + db;
        Path log = out.resolve("dump.err");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile());
        if (!source.password().isEmpty()) {
            pb.environment().put("MYSQL_PWD", source.password());
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        int code = p.waitFor();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (code != 0) {
            return "n/a (" + dump + " | " + client + " failed with code " + code + ": " + firstLine(log) + ")";
        }
        long rows = 0;
        try (Statement s = tgt.createStatement()) {
            for (String t : BenchTables.TABLES) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + db + "." + t)) {
                    r.next();
                    rows += r.getLong(1);
                }
            }
            s.execute("DROP DATABASE " + db);
        }
        if (rows != tables.totalRows()) {
            throw new IOException(dump + " | " + client + " loaded " + rows + " rows, not " + tables.totalRows());
        }
        return String.format(Locale.ROOT, "%.0f rows/s (%s | %s, %.1f s)", rows * 1000.0 / Math.max(1, ms), dump, client, ms / 1000.0);
    }

    private void report(double insertSelect, String dump, double baselineP99, int probeRate, List<Scenario> runs) {
        double perM = 1_000_000.0;
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("figure"));
        runs.forEach(r -> head.add(label(r.rate())));
        Map<String, java.util.function.Function<Scenario, String>> lines = new LinkedHashMap<>();
        lines.put("writes/s achieved (refused after RENAME)", r -> String.format(Locale.ROOT, "%.0f (%d)", r.achievedRate(), r.refused()));
        lines.put("rows copied", r -> Long.toString(r.f().rowsCopied()));
        lines.put("copy rows/s", r -> Long.toString(r.f().copyRowsPerSecond()));
        lines.put("  x INSERT...SELECT ceiling", r -> String.format(Locale.ROOT, "%.2fx", r.f().copyRowsPerSecond() / insertSelect));
        lines.put("binlog row events applied", r -> Long.toString(r.f().rowEvents()));
        lines.put("binlog lag max, ms", r -> Long.toString(r.f().lagMaxMs()));
        lines.put("binlog lag at cutover, ms", r -> Long.toString(r.f().lagAtCutoverMs()));
        lines.put("cutover window, ms", r -> Long.toString(r.f().cutoverWindowMs()));
        lines.put("move wall time, s", r -> String.format(Locale.ROOT, "%.1f", r.f().wallMs() / 1000.0));
        lines.put("tool CPU-s per 1M rows", r -> String.format(Locale.ROOT, "%.1f", r.f().toolCpuSec() * perM / Math.max(1, r.f().rowsCopied())));
        lines.put("source mysqld CPU-s per 1M rows", r -> String.format(Locale.ROOT, "%.1f", r.f().sourceCpuSec() * perM / Math.max(1, r.f().rowsCopied())));
        lines.put("target mysqld CPU-s per 1M rows", r -> String.format(Locale.ROOT, "%.1f", r.f().targetCpuSec() * perM / Math.max(1, r.f().rowsCopied())));
        lines.put("copy phase only: tool / src / tgt CPU-s per 1M rows", r -> r.f().copyCpuSec() == null ? "-"
                : String.format(Locale.ROOT, "%.1f / %.1f / %.1f", r.f().copyCpuSec()[0] * perM / Math.max(1, r.f().rowsCopied()),
                        r.f().copyCpuSec()[1] * perM / Math.max(1, r.f().rowsCopied()), r.f().copyCpuSec()[2] * perM / Math.max(1, r.f().rowsCopied())));
        lines.put("tool peak RSS, MiB", r -> String.format(Locale.ROOT, "%.0f", r.f().peakRssMib()));
        lines.put("tool heap peak used / live, MiB", r -> String.format(Locale.ROOT, "%.0f / %.0f", r.f().heapPeakMib(), r.f().heapLiveMib()));
        lines.put("UPDATE p99 during copy, ms", r -> r.probeSamples() == 0 ? "-" : String.format(Locale.ROOT, "%.2f (%d)", r.p99Ms(), r.probeSamples()));
        lines.put("verify rows/s, share of copy time", r -> r.f().verified() == null ? "-"
                : String.format(Locale.ROOT, "%d, %.0f %%", r.f().verified().rowsPerSecond(), 100 * verifyShare(r)));
        lines.put("verify: chunks re-compared / keys repaired / longest source lock ms", r -> r.f().verified() == null ? "-"
                : r.f().verified().chunksRecompared() + " / " + r.f().verified().keysRepaired() + " / "
                        + r.f().verified().longestSourceLockMs());
        lines.put("target = source", r -> r.check().startsWith("identical") ? "yes" : "NO");
        lines.forEach((name, fn) -> {
            String[] row = new String[runs.size() + 1];
            row[0] = name;
            for (int i = 0; i < runs.size(); i++) {
                row[i + 1] = fn.apply(runs.get(i));
            }
            rows.add(row);
        });
        say("");
        say("== results (%d + %d rows; %s; timings are only as good as the machine was quiet) ==", tables.bigRows(),
                tables.compRows(), repeat == 1 ? "one run per rate" : "each rate's median run of " + repeat + " by copy rows/s");
        say("ceiling INSERT ... SELECT (target server, one session): %.0f rows/s%s", insertSelect,
                repeat == 1 ? "" : " (median of " + repeat + ")");
        say("ceiling dump | client (source -> target):             %s", dump);
        say("baseline UPDATE p99, no move (%d/s):                   %.2f ms", probeRate, baselineP99);
        printTable(head.toArray(String[]::new), rows);

        Scenario idle = find(runs, 0);
        Scenario w300 = find(runs, 300);
        Scenario w2000 = find(runs, 2000);
        Scenario probed = runs.stream().filter(r -> r.probeSamples() > 0).findFirst().orElse(null);
        List<String[]> targets = new ArrayList<>();
        targets.add(ratioTarget("idle copy >= 0.8x INSERT...SELECT", idle, insertSelect, 0.8));
        targets.add(ratioTarget("under 300 writes/s >= 0.7x", w300, insertSelect, 0.7));
        targets.add(w2000 == null ? new String[] {"under 2,000 writes/s lag never > 1 s", "n/a (no 2000 run)", "n/a"}
                : new String[] {"under 2,000 writes/s lag never > 1 s", "max " + w2000.f().lagMaxMs() + " ms, at cutover "
                        + w2000.f().lagAtCutoverMs() + " ms", verdict(w2000.f().lagMaxMs() <= 1000)});
        double worstCpu = runs.stream().mapToDouble(r -> r.f().toolCpuSec() * perM / Math.max(1, r.f().rowsCopied())).max().orElse(-1);
        targets.add(new String[] {"tool CPU <= 15 CPU-s per 1M rows", String.format(Locale.ROOT, "%.1f (worst run)", worstCpu),
                runs.isEmpty() ? "n/a" : verdict(worstCpu <= 15)});
        double heap = runs.stream().mapToDouble(r -> r.f().heapPeakMib()).max().orElse(-1);
        double live = runs.stream().mapToDouble(r -> r.f().heapLiveMib()).max().orElse(-1);
        targets.add(new String[] {"heap <= 512 MiB", String.format(Locale.ROOT, "%.0f MiB peak used, %.0f MiB live after GC (worst run)", heap, live),
                runs.isEmpty() ? "n/a" : verdict(heap <= 512)});
        targets.add(probed == null || baselineP99 <= 0 ? new String[] {"UPDATE p99 during copy <= 2x baseline", "n/a", "n/a"}
                : new String[] {"UPDATE p99 during copy <= 2x baseline", String.format(Locale.ROOT, "%.2f ms vs %.2f ms = %.2fx (run %s)",
                        probed.p99Ms(), baselineP99, probed.p99Ms() / baselineP99, label(probed.rate())),
                        verdict(probed.p99Ms() <= 2 * baselineP99)});
        double worstShare = runs.stream().filter(r -> r.f().verified() != null).mapToDouble(MoveBench::verifyShare).max().orElse(-1);
        targets.add(new String[] {"verify <= 25 % of the copy time (issue 11)", worstShare < 0 ? "n/a (not verified)"
                : String.format(Locale.ROOT, "%.0f %% (worst run)", 100 * worstShare), worstShare < 0 ? "n/a" : verdict(worstShare <= 0.25)});
        say("");
        say("== issue-10 and issue-11 targets ==");
        printTable(new String[] {"target", "measured", "verdict"}, targets);
    }

    /** @return the verify phase's time over the copy's (rows copied at the copy rate) */
    private static double verifyShare(Scenario r) {
        double copyMs = r.f().rowsCopied() * 1000.0 / Math.max(1, r.f().copyRowsPerSecond());
        return r.f().verified().ms() / Math.max(1, copyMs);
    }

    private static String[] ratioTarget(String name, Scenario s, double ceiling, double min) {
        if (s == null) {
            return new String[] {name, "n/a (no such run)", "n/a"};
        }
        double ratio = s.f().copyRowsPerSecond() / ceiling;
        return new String[] {name, String.format(Locale.ROOT, "%.2fx (%d vs %.0f rows/s)", ratio, s.f().copyRowsPerSecond(), ceiling),
                verdict(ratio >= min)};
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static Scenario find(List<Scenario> runs, int rate) {
        return runs.stream().filter(r -> r.rate() == rate).findFirst().orElse(null);
    }

    private static String label(int rate) {
        return rate == 0 ? "idle" : rate + " w/s";
    }

    private static void printTable(String[] head, List<String[]> rows) {
        int[] w = new int[head.length];
        List<String[]> all = new ArrayList<>();
        all.add(head);
        all.addAll(rows);
        for (String[] r : all) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : all) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                b.append(i == 0 ? "" : " | ").append(i == 0 ? pad(r[i], w[i]) : padLeft(r[i], w[i]));
            }
            say("%s", b.toString().stripTrailing());
        }
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }

    private long longEnv(String name, long def) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).findFirst().orElse("no message");
        } catch (IOException e) {
            return "no message";
        }
    }

    private static void fail(String failure) throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
    }

    private static String url(EmbeddedMysql server, String db) {
        return server.jdbcUrl(db) + URL_PARAMS;
    }

    private static Connection connect(EmbeddedMysql server, String db) throws SQLException {
        return DriverManager.getConnection(url(server, db), server.user(), server.password());
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static String oneLine(Throwable e) {
        String msg = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
        return msg.lines().findFirst().orElse(e.toString());
    }
}
