package dev.lambdatrace.lab;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole lab run: the machine, the versions, the settings and each contestant's figures.
 */
record LabResults(Map<String, String> machine, Map<String, String> versions, LabSettings settings,
        List<ContestantResult> contestants) {

    Optional<ContestantResult> contestant(String name) {
        return contestants.stream().filter(result -> result.name().equals(name) && result.ran()).findFirst();
    }
}
