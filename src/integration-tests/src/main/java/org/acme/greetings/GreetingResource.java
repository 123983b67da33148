package org.acme.greetings;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * Greetings, made here, by the greeting service, or by a downstream service over the REST client; blocking methods run
 * on a worker thread, the {@code Uni} ones on the event loop.
 */
@Path("/greeting")
public class GreetingResource {

    private static final Logger LOG = Logger.getLogger(GreetingResource.class);

    @Inject
    GreetingService greetings;

    @RestClient
    DownstreamClient downstream;

    @GET
    @Path("/{name}")
    public String greet(String name) {
        LOG.infof("Greeting %s", name);
        return greetings.compose(name);
    }

    @GET
    @Path("/{name}/remote")
    public String greetRemotely(String name) {
        LOG.infof("Asking downstream to greet %s", name);
        return downstream.echo(greetings.compose(name));
    }

    @GET
    @Path("/{name}/reactive")
    public Uni<String> greetReactively(String name) {
        LOG.infof("Asking downstream to greet %s, without blocking", name);
        return downstream.echoWithoutBlocking("Hello " + name);
    }

    @GET
    @Path("/{name}/after/{millis}")
    public String greetAfter(String name, long millis) throws InterruptedException {
        LOG.infof("Greeting %s in %d ms", name, millis);
        Thread.sleep(millis);
        return greetings.compose(name);
    }

    @GET
    @Path("/refused/{name}")
    public String refuse(String name) {
        LOG.warnf("Refusing to greet %s", name);
        throw new GreetingRefused(name);
    }
}
