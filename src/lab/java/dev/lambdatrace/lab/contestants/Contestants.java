package dev.lambdatrace.lab.contestants;

import java.util.ArrayList;
import java.util.List;

import dev.lambdatrace.emulator.LambdaRuntime;

/**
 * Every contestant the lab knows, by the name {@code -Dlab.contestants} uses.
 */
public final class Contestants {

    public static final List<String> ALL = List.of("native-traced", "native-traced-after", "native-traced-udp",
            "native-baseline", "traced", "traced-after", "traced-udp", "baseline", "quarkus-stock", "upstream",
            "upstream-baseline", "seed-adot", "seed-baseline", "seed-adot-udp", "greetings-native-traced",
            "greetings-native-baseline", "greetings-traced", "greetings-baseline");

    /** The contestants {@code names} name, in that order; throws on a name the lab does not know. */
    public static List<Contestant> named(List<String> names) {
        List<Contestant> contestants = new ArrayList<>();
        for (String name : names) {
            contestants.add(named(name.trim()));
        }
        return contestants;
    }

    public static Contestant named(String name) {
        return switch (name) {
            case "traced" -> new ProjectContestant(name, LambdaRuntime.JAVA, TracingRole.TRACED);
            case "traced-after" -> new ProjectContestant(name, LambdaRuntime.JAVA, TracingRole.TRACED_AFTER);
            case "traced-udp" -> new ProjectContestant(name, LambdaRuntime.JAVA, TracingRole.TRACED_UDP);
            case "baseline" -> new ProjectContestant(name, LambdaRuntime.JAVA, TracingRole.BASELINE);
            case "native-traced" -> new ProjectContestant(name, LambdaRuntime.PROVIDED_AL2023, TracingRole.TRACED);
            case "native-traced-after" -> new ProjectContestant(name, LambdaRuntime.PROVIDED_AL2023,
                    TracingRole.TRACED_AFTER);
            case "native-traced-udp" -> new ProjectContestant(name, LambdaRuntime.PROVIDED_AL2023,
                    TracingRole.TRACED_UDP);
            case "native-baseline" -> new ProjectContestant(name, LambdaRuntime.PROVIDED_AL2023, TracingRole.BASELINE);
            case "upstream" -> new UpstreamPeerContestant(name);
            case "upstream-baseline" -> new UpstreamBaselineContestant(name);
            case "quarkus-stock" -> new QuarkusStockContestant(name);
            case "seed-adot" -> new SeedContestant(SeedContestant.Mode.ADOT);
            case "seed-baseline" -> new SeedContestant(SeedContestant.Mode.BASELINE);
            case "seed-adot-udp" -> new SeedContestant(SeedContestant.Mode.ADOT_UDP);
            case "greetings-native-traced" -> new GreetingsContestant(name, LambdaRuntime.PROVIDED_AL2023,
                    TracingRole.TRACED);
            case "greetings-native-baseline" -> new GreetingsContestant(name, LambdaRuntime.PROVIDED_AL2023,
                    TracingRole.BASELINE);
            case "greetings-traced" -> new GreetingsContestant(name, LambdaRuntime.JAVA, TracingRole.TRACED);
            case "greetings-baseline" -> new GreetingsContestant(name, LambdaRuntime.JAVA, TracingRole.BASELINE);
            default -> throw new IllegalArgumentException("unknown contestant '" + name + "'; known: " + ALL);
        };
    }

    private Contestants() {
    }
}
