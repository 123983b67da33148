package dev.lambdatrace.lab.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void userAndSystemTicksAreFields14And15() {
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 31234 0 12 0 1520 337 0 0 20 0 27 0 1234567 "
                + "3456789000 49700 18446744073709551615 1 1 0 0 0 0 0 2 16800975 0 0 0 17 1 0 0 0 0 0";

        ProcessCpu cpu = ProcessCpu.parse(stat);

        assertEquals(1520, cpu.userTicks());
        assertEquals(337, cpu.systemTicks());
        assertEquals(1857, cpu.totalTicks());
    }

    @Test
    void commandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "77 (my (odd) name) R 1 77 77 0 -1 0 0 0 0 0 40 2 0 0 20 0 1 0 99 0 0";

        ProcessCpu cpu = ProcessCpu.parse(stat);

        assertEquals(40, cpu.userTicks());
        assertEquals(2, cpu.systemTicks());
    }

    @Test
    void millisecondsBetweenTwoReadingsUseHundredTicksPerSecond() {
        ProcessCpu earlier = new ProcessCpu(100, 50);
        ProcessCpu later = new ProcessCpu(130, 70);

        assertEquals(500.0, later.millisSince(earlier));
    }

    @Test
    void cpuThisThreadBurnsShowsInItsProcessesReading() throws IOException {
        // given
        ProcessCpu before = ProcessCpu.read(ProcessHandle.current().pid());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        // when: 300 ms of CPU on this thread, however long the machine takes to give it
        long until = threads.getCurrentThreadCpuTime() + 300_000_000L;
        long spins = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            spins++;
        }

        // then: at least that much, less a tick of rounding, and never less than before
        double millis = ProcessCpu.read(ProcessHandle.current().pid()).millisSince(before);
        assertTrue(millis >= 290, millis + " ms after " + spins + " spins");
    }
}
