package dev.lambdatrace.lab.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, user plus system, from {@code /proc/<pid>/stat}, in clock ticks.
 */
public record ProcessCpu(long userTicks, long systemTicks) {

    // USER_HZ: Linux reports times in /proc in units of 1/100 s on every mainstream architecture.
    public static final long TICKS_PER_SECOND = 100;

    public static ProcessCpu read(long pid) throws IOException {
        return parse(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    }

    public static ProcessCpu parse(String stat) {
        // The command name (field 2) is in parentheses and may itself hold spaces and parentheses,
        // so count fields from the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        // fields[0] is field 3 (state); utime is field 14 and stime field 15.
        return new ProcessCpu(Long.parseLong(fields[11]), Long.parseLong(fields[12]));
    }

    /** Both times added up, for the processes of one sandbox. */
    public ProcessCpu plus(ProcessCpu other) {
        return new ProcessCpu(userTicks + other.userTicks, systemTicks + other.systemTicks);
    }

    public long totalTicks() {
        return userTicks + systemTicks;
    }

    public double millisSince(ProcessCpu earlier) {
        return (totalTicks() - earlier.totalTicks()) * 1000.0 / TICKS_PER_SECOND;
    }
}
