package dev.lambdatrace.lab.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Pid:\t4242
            VmPeak:\t 3456789 kB
            VmSize:\t 3400000 kB
            VmHWM:\t  204800 kB
            VmRSS:\t  198765 kB
            RssAnon:\t  150000 kB
            Threads:\t27
            """;

    @Test
    void peakAndCurrentResidentSetAreReadInKilobytes() {
        ProcessMemory memory = ProcessMemory.parse(STATUS);

        assertEquals(204_800, memory.peakRssKb());
        assertEquals(198_765, memory.rssKb());
    }

    @Test
    void statusWithoutTheFieldsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ProcessMemory.parse("Name:\tjava\nVmPeak:\t1 kB\n"));
    }

    @Test
    void ownProcessHasAPeakAtLeastItsCurrentSize() throws IOException {
        ProcessMemory memory = ProcessMemory.read(ProcessHandle.current().pid());

        assertTrue(memory.peakRssKb() >= memory.rssKb() && memory.rssKb() > 0, memory.toString());
    }
}
