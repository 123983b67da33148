package dev.lambdatrace.lab.contestants;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.lambdatrace.lab.LabPaths;

/**
 * The upstream peer without its tracing: the same plain handler under the same runtime client, with no wrapper. The
 * upstream peer minus this is what the upstream tracing itself costs.
 */
public final class UpstreamBaselineContestant extends Contestant {

    private final UpstreamPeerContestant peer;

    public UpstreamBaselineContestant(String name) {
        super(name);
        this.peer = new UpstreamPeerContestant(name);
    }

    @Override
    public String description() {
        return "the upstream peer's plain Java handler, no wrapper, no tracing";
    }

    @Override
    public Optional<String> unavailableReason(LabPaths paths) {
        return peer.unavailableReason(paths);
    }

    @Override
    public List<String> command(LabPaths paths) {
        return javaRuntimeCommand(paths.peerClasspath().orElseThrow(), UpstreamPeerContestant.PEER_HANDLER);
    }

    @Override
    public boolean traced() {
        return false;
    }

    @Override
    public Map<String, String> tracingEnvironment(String sinkAddress) {
        return Map.of();
    }
}
