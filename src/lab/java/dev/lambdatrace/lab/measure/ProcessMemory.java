package dev.lambdatrace.lab.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of a process, read from {@code /proc/<pid>/status}: the peak ({@code VmHWM}) and the current
 * ({@code VmRSS}), in kB.
 */
public record ProcessMemory(long peakRssKb, long rssKb) {

    public static ProcessMemory read(long pid) throws IOException {
        return parse(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
    }

    public static ProcessMemory parse(String status) {
        return new ProcessMemory(field(status, "VmHWM:"), field(status, "VmRSS:"));
    }

    /** Both figures added up, for the processes of one sandbox. */
    public ProcessMemory plus(ProcessMemory other) {
        return new ProcessMemory(peakRssKb + other.peakRssKb, rssKb + other.rssKb);
    }

    private static long field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                // "VmHWM:	  204800 kB"
                String value = line.substring(name.length()).trim();
                int space = value.indexOf(' ');
                return Long.parseLong(space < 0 ? value : value.substring(0, space));
            }
        }
        throw new IllegalArgumentException("no " + name + " line in /proc status");
    }
}
