package dev.lambdatrace.tracing;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.lambdatrace.collector.OtlpReceiver;
import dev.lambdatrace.collector.XrayUdpReceiver;
import io.quarkus.runtime.Startup;

/**
 * The loopback receivers a test application exports to, started with the application on the ports its test chose
 * ({@link TracingTestApp}), and injected into the test: a bean, so that the test and the application share one
 * receiver across Quarkus' class loaders.
 */
@Singleton
@Startup
public class TestReceivers {

    static final String OTLP_PORT = "test.receivers.otlp-port";
    static final String XRAY_UDP_PORT = "test.receivers.xray-udp-port";

    @ConfigProperty(name = OTLP_PORT, defaultValue = "0")
    int otlpPort;

    @ConfigProperty(name = XRAY_UDP_PORT, defaultValue = "0")
    int xrayUdpPort;

    private OtlpReceiver otlp;
    private XrayUdpReceiver xrayUdp;

    @PostConstruct
    void start() {
        otlp = OtlpReceiver.start(otlpPort);
        if (xrayUdpPort > 0) {
            xrayUdp = XrayUdpReceiver.start(xrayUdpPort);
        }
    }

    @PreDestroy
    void stop() {
        otlp.close();
        if (xrayUdp != null) {
            xrayUdp.close();
        }
    }

    /** The OTLP/HTTP collector the application's spans go to. */
    public OtlpReceiver otlp() {
        return otlp;
    }

    /** The X-Ray daemon stand-in, when the application exports with {@code xray-udp}. */
    public XrayUdpReceiver xrayUdp() {
        return xrayUdp;
    }
}
