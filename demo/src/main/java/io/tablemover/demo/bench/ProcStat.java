package io.tablemover.demo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Linux {@code /proc} readings: CPU time of a process (and of its reaped children) and its peak RSS. */
final class ProcStat {
    /** Clock ticks per second of {@code /proc/<pid>/stat}; {@code getconf CLK_TCK} is 100 on Linux x86-64. */
    static final double TICKS = clockTicks();

    private ProcStat() {}

    /** @return utime + stime of {@code pid} in ticks, or -1 if it is gone */
    static long cpuTicks(long pid) {
        long[] f = fields(pid);
        return f == null ? -1 : f[0] + f[1];
    }

    /** @return cutime + cstime (CPU of reaped children) of {@code pid} in ticks, or -1 if it is gone */
    static long childrenCpuTicks(long pid) {
        long[] f = fields(pid);
        return f == null ? -1 : f[2] + f[3];
    }

    /** @return {@code VmHWM} (peak resident set) of {@code pid} in KiB, or -1 if it is gone */
    static long peakRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** @return utime, stime, cutime, cstime of {@code pid} (fields 14-17 of {@code /proc/<pid>/stat}) */
    private static long[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may hold blanks and parentheses: count from the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // f[0] is field 3 (state): field n is f[n - 3]
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
