package io.tablemover.demo.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code bin/tablemover move --execute} of the installation as a child process, watched from outside: its
 * status (phase and binlog lag) through its {@code --serve-socket-file} every {@value #POLL_MS} ms, its
 * {@code /proc} CPU time and peak RSS, its GC log (heap), and the CPU time of both mysqld processes over the run.
 */
final class ToolRun {
    static final int POLL_MS = 200;
    private static final Pattern LAG = Pattern.compile("binlog lag (-?\\d+) ms");
    private static final Pattern DONE = Pattern.compile(
            "^done: (\\d+) rows copied .*?, (\\d+) row events applied .*wall time (\\d+) ms, (\\d+) rows/s, cutover window (\\d+) ms");
    private static final Pattern VERIFIED = Pattern.compile("verified: (\\d+) rows compared in (\\d+) ms \\((\\d+) rows/s\\),"
            + " (\\d+) chunks re-compared, (\\d+) keys repaired, longest source lock (\\d+) ms");
    private static final Pattern GC = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final Pattern HEAP_EXIT = Pattern.compile("total (\\d+)K, used (\\d+)K");

    /**
     * The figures of one run.
     *
     * @param rowsCopied rows copied (summary line)
     * @param rowEvents binlog row events applied (summary line)
     * @param wallMs the move's wall time (summary line)
     * @param copyRowsPerSecond copy-phase throughput (summary line)
     * @param cutoverWindowMs write-unavailability window (summary line)
     * @param lagMaxMs largest binlog lag polled from the copy until the drain ended
     * @param lagAtCutoverMs last lag polled before phase CUTOVER
     * @param toolCpuSec CPU seconds of the tool's JVM (user + system, from its parent's reaped-children counters)
     * @param sourceCpuSec CPU seconds of the source mysqld during the run
     * @param targetCpuSec CPU seconds of the target mysqld during the run
     * @param peakRssMib the tool's VmHWM, MiB
     * @param heapPeakMib largest used heap the GC log shows (before a collection, or at exit), MiB
     * @param heapLiveMib largest heap left after a collection, MiB
     * @param polls status polls answered
     * @param copyCpuSec CPU seconds of the tool, the source mysqld and the target mysqld between the first poll that
     *     saw phase COPY and the first that saw a later phase (null if the copy was too short to be seen twice)
     */
    record Figures(long rowsCopied, long rowEvents, long wallMs, long copyRowsPerSecond, long cutoverWindowMs,
                   long lagMaxMs, long lagAtCutoverMs, double toolCpuSec, double sourceCpuSec, double targetCpuSec,
                   double peakRssMib, double heapPeakMib, double heapLiveMib, int polls, double[] copyCpuSec,
                   Verified verified) {}

    /**
     * The verify phase's summary line.
     *
     * @param ms the phase's time; {@code rowsPerSecond} rows compared per second
     * @param longestSourceLockMs the longest source lock its repair held (0: none taken)
     */
    record Verified(long rows, long ms, long rowsPerSecond, long chunksRecompared, long keysRepaired,
                    long longestSourceLockMs) {}

    private final Path home;
    private final Path dir;
    private final List<String> args;
    private final String javaOpts;
    private final long sourcePid;
    private final long targetPid;
    private volatile String phase = "start";

    /**
     * @param home the unpacked installation (holds {@code bin/tablemover})
     * @param dir where the run's stdout, stderr and GC log go (and its command socket)
     * @param args the move's arguments after {@code move}, without {@code --serve-socket-file}
     */
    ToolRun(Path home, Path dir, List<String> args, String javaOpts, long sourcePid, long targetPid) {
        this.home = home;
        this.dir = dir;
        this.args = args;
        this.javaOpts = javaOpts;
        this.sourcePid = sourcePid;
        this.targetPid = targetPid;
    }

    /** @return the phase of the last status poll, lower case ({@code copy}, {@code verify}, ...) */
    String phase() {
        return phase;
    }

    /**
     * Runs the move to its end.
     *
     * @throws IOException if it cannot start, exits with a code other than 0 (the message holds the last lines of
     *     its stderr) or its summary cannot be read
     */
    Figures run(Map<String, String> passwords, long timeoutSeconds) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path socket = dir.resolve("tm.sock");
        Path gcLog = dir.resolve("gc.log");
        Path out = dir.resolve("move.out");
        Path err = dir.resolve("move.err");
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/tablemover").toString());
        cmd.add("move");
        cmd.addAll(args);
        cmd.add("--serve-socket-file");
        cmd.add(socket.toString());
        Files.writeString(dir.resolve("command.txt"), String.join(" ", cmd) + "\n");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(passwords);
        pb.environment().put("JAVA_OPTS", ("-Xlog:gc,gc+heap+exit:file=" + gcLog + " " + javaOpts).trim());

        long self = ProcessHandle.current().pid();
        long childrenBefore = ProcStat.childrenCpuTicks(self);
        long srcBefore = ProcStat.cpuTicks(sourcePid);
        long tgtBefore = ProcStat.cpuTicks(targetPid);
        Process p = pb.start();
        long pid = p.pid();
        long lagMax = 0;
        long lagBeforeCutover = -1;
        boolean cutoverSeen = false;
        long lastCpu = 0;
        long peakRss = 0;
        int polls = 0;
        long[] copyStart = null;
        long[] copyEnd = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!p.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() > deadline) {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                throw new IOException("the move did not finish within " + timeoutSeconds + " s (BENCH_MOVE_TIMEOUT_SECONDS); see " + err);
            }
            long cpu = ProcStat.cpuTicks(pid);
            lastCpu = Math.max(lastCpu, cpu);
            peakRss = Math.max(peakRss, ProcStat.peakRssKib(pid));
            String status = ask(socket, "status");
            if (status == null) {
                continue;
            }
            polls++;
            String ph = status.split("[ |]", 2)[0];
            phase = ph;
            if (ph.equals("copy") && copyStart == null) {
                copyStart = new long[] {cpu, ProcStat.cpuTicks(sourcePid), ProcStat.cpuTicks(targetPid)};
            } else if (copyStart != null && copyEnd == null && !ph.equals("copy")) {
                copyEnd = new long[] {cpu, ProcStat.cpuTicks(sourcePid), ProcStat.cpuTicks(targetPid)};
            }
            Matcher m = LAG.matcher(status);
            if (m.find()) {
                long lag = Long.parseLong(m.group(1));
                boolean streaming = !ph.equals("validate") && !ph.equals("create");
                if (streaming) {
                    lagMax = Math.max(lagMax, lag);
                }
                if (ph.equals("cutover") || ph.equals("drain") || ph.equals("done")) {
                    cutoverSeen = true;
                } else if (!cutoverSeen && streaming) {
                    lagBeforeCutover = lag;
                }
            }
        }
        phase = "exited";
        long childrenAfter = ProcStat.childrenCpuTicks(self);
        double srcCpu = (ProcStat.cpuTicks(sourcePid) - srcBefore) / ProcStat.TICKS;
        double tgtCpu = (ProcStat.cpuTicks(targetPid) - tgtBefore) / ProcStat.TICKS;
        double toolCpu = childrenAfter >= 0 && childrenAfter - childrenBefore >= lastCpu
                ? (childrenAfter - childrenBefore) / ProcStat.TICKS : lastCpu / ProcStat.TICKS;
        if (p.exitValue() != 0) {
            throw new IOException("the move exited with code " + p.exitValue() + ": " + tail(err, 5) + " (all in " + dir + ")");
        }
        // the stderr status lines (every --status-interval-seconds) count too: the poll may miss a short peak
        for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
            Matcher m = LAG.matcher(line);
            if (m.find() && (line.contains(" copy ") || line.contains(" verify ") || line.contains(" wait_cutover "))) {
                lagMax = Math.max(lagMax, Long.parseLong(m.group(1)));
            }
        }
        Matcher done = null;
        Verified verified = null;
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            Matcher m = DONE.matcher(line);
            if (m.find()) {
                done = m;
            }
            Matcher v = VERIFIED.matcher(line);
            if (v.find()) {
                verified = new Verified(Long.parseLong(v.group(1)), Long.parseLong(v.group(2)), Long.parseLong(v.group(3)),
                        Long.parseLong(v.group(4)), Long.parseLong(v.group(5)), Long.parseLong(v.group(6)));
            }
        }
        if (done == null) {
            throw new IOException("the move's output has no summary line (done: ...); see " + out);
        }
        double heapPeak = 0;
        double heapLive = 0;
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher g = GC.matcher(line);
                if (g.find()) {
                    heapPeak = Math.max(heapPeak, mib(g.group(1), g.group(2)));
                    heapLive = Math.max(heapLive, mib(g.group(3), g.group(4)));
                }
                Matcher e = HEAP_EXIT.matcher(line);
                if (e.find()) {
                    heapPeak = Math.max(heapPeak, Long.parseLong(e.group(2)) / 1024.0);
                }
            }
        }
        return new Figures(Long.parseLong(done.group(1)), Long.parseLong(done.group(2)), Long.parseLong(done.group(3)),
                Long.parseLong(done.group(4)), Long.parseLong(done.group(5)), lagMax, lagBeforeCutover, toolCpu, srcCpu,
                tgtCpu, peakRss / 1024.0, heapPeak, heapLive, polls, copyStart == null || copyEnd == null ? null
                        : new double[] {(copyEnd[0] - copyStart[0]) / ProcStat.TICKS, (copyEnd[1] - copyStart[1]) / ProcStat.TICKS,
                                (copyEnd[2] - copyStart[2]) / ProcStat.TICKS}, verified);
    }

    private static double mib(String n, String unit) {
        double v = Double.parseDouble(n);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    /** @return the one reply line of an interactive command, or null if the socket is not (yet) served */
    private static String ask(Path socket, String command) {
        if (!Files.exists(socket)) {
            return null;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0 && buf.hasRemaining()) {
                // read to EOF: the server closes after its reply
            }
            String reply = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
            return reply.isEmpty() || reply.startsWith("error") ? null : reply.lines().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(" / ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no stderr)";
        }
    }
}
