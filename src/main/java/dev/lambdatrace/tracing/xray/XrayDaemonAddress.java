package dev.lambdatrace.tracing.xray;

import java.net.InetSocketAddress;

/**
 * The X-Ray daemon's UDP address, from {@code AWS_XRAY_DAEMON_ADDRESS}: {@code host:port}, as Lambda sets it, or
 * {@code tcp:host:port udp:host:port}, as the AWS SDKs also accept it.
 */
public final class XrayDaemonAddress {

    public static final String DEFAULT = "127.0.0.1:2000";

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
        return new IllegalArgumentException("AWS_XRAY_DAEMON_ADDRESS (tracing.xray-daemon-address) must be host:port "
                + "or 'tcp:host:port udp:host:port', not '" + value + "': " + why);
    }

    private XrayDaemonAddress() {
    }
}
