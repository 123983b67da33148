package dev.lambdatrace.lab;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The upstream peer without its tracing: the same plain handler under the same runtime client, with no wrapper. The
 * upstream peer minus this is what the upstream tracing itself costs.
 */
final class UpstreamBaselineContestant extends Contestant {

    private final UpstreamPeerContestant peer;

    UpstreamBaselineContestant(String name) {
        super(name);
        this.peer = new UpstreamPeerContestant(name);
    }

    @Override
    String description() {
        return "the upstream peer's plain Java handler, no wrapper, no tracing";
    }

    @Override
    Optional<String> unavailableReason(LabPaths paths) {
        return peer.unavailableReason(paths);
    }

    @Override
    List<String> command(LabPaths paths) {
        return runtimeClientCommand(paths.peerClasspath().orElseThrow(), UpstreamPeerContestant.PEER_HANDLER);
    }

    @Override
    boolean traced() {
        return false;
    }

    @Override
    Map<String, String> tracingEnvironment(String sinkAddress) {
        return Map.of();
    }
}
