package dev.lambdatrace.lab.measure;

import java.io.IOException;
import java.util.List;

/**
 * The processes of one sandbox, read from {@code /proc} together: the function's, and any collector layer's beside
 * it. Lambda's Max Memory Used and Lambda Insights' CPU time are the whole sandbox's, so the lab reports both the
 * function's own figures and the sandbox's.
 * <p>
 * The sandbox's peak memory is the <b>sum of each process's peak RSS ({@code VmHWM})</b>, an upper bound of the
 * sandbox's real peak: the processes need not peak at the same moment (both reach their plateau in the first
 * invocations and stay there, so the bound is close). A sampled sum of {@code VmRSS} could miss a peak between two
 * samples instead. Lambda's own figure is its cgroup's peak, which also counts the page cache that the sandbox's files
 * fill; the lab counts resident memory only.
 */
public record SandboxProcesses(long function, List<Long> beside) {

    public ProcessMemory functionMemory() throws IOException {
        return ProcessMemory.read(function);
    }

    public ProcessMemory sandboxMemory() throws IOException {
        ProcessMemory sum = functionMemory();
        for (long pid : beside) {
            sum = sum.plus(ProcessMemory.read(pid));
        }
        return sum;
    }

    public ProcessCpu functionCpu() throws IOException {
        return ProcessCpu.read(function);
    }

    public ProcessCpu sandboxCpu() throws IOException {
        ProcessCpu sum = functionCpu();
        for (long pid : beside) {
            sum = sum.plus(ProcessCpu.read(pid));
        }
        return sum;
    }
}
