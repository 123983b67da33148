package dev.lambdatrace.tracing.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XrayDaemonAddressTest {

    @Test
    void configuredPropertyWinsOverLambdasVariable() {
        assertEquals("127.0.0.9:3000", XrayDaemonAddress.configured(Optional.of("127.0.0.9:3000"),
                Map.of("AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000")));
    }

    @Test
    void lambdasVariableIsUsedWhenNothingIsConfigured() {
        assertEquals("169.254.79.129:2000", XrayDaemonAddress.configured(Optional.empty(),
                Map.of("AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000")));
    }

    @Test
    void withoutEitherTheDefaultApplies() {
        assertEquals(XrayDaemonAddress.DEFAULT, XrayDaemonAddress.configured(Optional.empty(), Map.of()));
    }

    @Test
    void variableSetButEmptyAsOnManagedInstancesIsAnErrorThatNamesIt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> XrayDaemonAddress.configured(Optional.empty(), Map.of("AWS_XRAY_DAEMON_ADDRESS", "")));

        assertTrue(error.getMessage().startsWith("AWS_XRAY_DAEMON_ADDRESS is set but empty"), error.getMessage());
    }

    @Test
    void hostAndPortAsLambdaSetsIt() {
        InetSocketAddress address = XrayDaemonAddress.parse("169.254.79.129:2000");

        assertEquals("169.254.79.129", address.getHostString());
        assertEquals(2000, address.getPort());
    }

    @Test
    void tcpAndUdpFormAsTheSdksAcceptItUsesTheUdpPart() {
        InetSocketAddress address = XrayDaemonAddress.parse("tcp:127.0.0.1:2001 udp:127.0.0.2:2002");

        assertEquals("127.0.0.2", address.getHostString());
        assertEquals(2002, address.getPort());
    }

    @Test
    void udpPartMayComeFirstAndIpv6HostsAreBracketed() {
        assertEquals(2003, XrayDaemonAddress.parse("udp:[::1]:2003 tcp:[::1]:2004").getPort());
        assertEquals("::1", XrayDaemonAddress.parse("[::1]:2000").getHostString());
    }

    @Test
    void defaultIsTheLocalDaemon() {
        InetSocketAddress address = XrayDaemonAddress.parse(XrayDaemonAddress.DEFAULT);

        assertEquals("127.0.0.1", address.getHostString());
        assertEquals(2000, address.getPort());
    }

    @Test
    void hostIsNotLookedUpAtStartupSoAnUnknownOneCannotStopIt() {
        InetSocketAddress address = XrayDaemonAddress.parse("daemon.invalid:2000");

        assertTrue(address.isUnresolved());
        assertEquals("daemon.invalid", address.getHostString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "127.0.0.1", ":2000", "127.0.0.1:port", "127.0.0.1:0", "127.0.0.1:70000",
            "tcp:127.0.0.1:2000", "udp:127.0.0.1:2000 http:x:1", "host:2000 other:2001" })
    void malformedAddressIsAnErrorThatNamesTheVariable(String value) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> XrayDaemonAddress.parse(value));

        assertTrue(error.getMessage().startsWith("AWS_XRAY_DAEMON_ADDRESS"), error.getMessage());
        assertTrue(error.getMessage().contains("'" + value + "'"), error.getMessage());
    }
}
