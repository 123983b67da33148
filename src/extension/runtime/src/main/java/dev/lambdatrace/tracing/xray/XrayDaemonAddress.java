package dev.lambdatrace.tracing.xray;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * The X-Ray daemon's UDP address, from {@code AWS_XRAY_DAEMON_ADDRESS}: {@code host:port}, as Lambda sets it, or
 * {@code tcp:host:port udp:host:port}, as the AWS SDKs also accept it.
 */
public final class XrayDaemonAddress {

    public static final String DEFAULT = "127.0.0.1:2000";
    static final String VARIABLE = "AWS_XRAY_DAEMON_ADDRESS";

    /**
     * The address to use: {@code quarkus.lambda-tracing.xray-daemon-address} when set, else {@code AWS_XRAY_DAEMON_ADDRESS} (Lambda
     * sets it with active tracing), else the default. Throws when that variable is set but empty, as AWS's emulator
     * of Lambda Managed Instances sets it: there may be no daemon to send to.
     */
    public static String configured(Optional<String> property, Map<String, String> environment) {
        if (property.isPresent()) {
            return property.get();
        }
        String variable = environment.get(VARIABLE);
        if (variable == null) {
            return DEFAULT;
        }
        if (variable.isBlank()) {
            throw new IllegalArgumentException(VARIABLE + " is set but empty, so there is no X-Ray daemon to send to "
                    + "with QUARKUS_LAMBDA_TRACING_EXPORTER=xray-udp (quarkus.lambda-tracing.exporter). Set QUARKUS_LAMBDA_TRACING_XRAY_DAEMON_ADDRESS "
                    + "(quarkus.lambda-tracing.xray-daemon-address) to the daemon's host:port, or export with QUARKUS_LAMBDA_TRACING_EXPORTER=otlp.");
        }
        return variable;
    }

    /** Throws, naming the variable, when the value is neither form. */
    public static InetSocketAddress parse(String value) {
        String trimmed = value == null ? "" : value.trim();
        String udp = null;
        String[] tokens = trimmed.split("\\s+");
        if (tokens.length == 1 && !tokens[0].startsWith("tcp:") && !tokens[0].startsWith("udp:")) {
            udp = tokens[0];
        } else {
            for (String token : tokens) {
                if (token.startsWith("udp:")) {
                    udp = token.substring("udp:".length());
                } else if (!token.startsWith("tcp:")) {
                    throw malformed(value, "'" + token + "' is neither tcp:host:port nor udp:host:port");
                }
            }
        }
        if (udp == null) {
            throw malformed(value, "there is no udp:host:port");
        }
        int colon = udp.lastIndexOf(':');
        String host = colon < 0 ? "" : udp.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw malformed(value, "the host is missing");
        }
        int port;
        try {
            port = Integer.parseInt(udp.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw malformed(value, "the port is not a number");
        }
        if (port < 1 || port > 65_535) {
            throw malformed(value, "the port is out of range");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static IllegalArgumentException malformed(String value, String why) {
        return new IllegalArgumentException("AWS_XRAY_DAEMON_ADDRESS (or QUARKUS_LAMBDA_TRACING_XRAY_DAEMON_ADDRESS) must be host:port "
                + "or 'tcp:host:port udp:host:port', not '" + value + "': " + why);
    }

    private XrayDaemonAddress() {
    }
}
