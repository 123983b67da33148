package dev.lambdatrace.lab.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.lambdatrace.lab.run.LabSettings;

/**
 * A whole lab run: the machine, the versions, the settings and each contestant's figures.
 */
public record LabResults(Map<String, String> machine, Map<String, String> versions, LabSettings settings,
        List<ContestantResult> contestants) {

    public Optional<ContestantResult> contestant(String name) {
        return contestants.stream().filter(result -> result.name().equals(name) && result.ran()).findFirst();
    }
}
