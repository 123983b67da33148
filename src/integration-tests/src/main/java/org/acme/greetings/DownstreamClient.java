package org.acme.greetings;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * Another service, which echoes what it is sent.
 */
@Path("/echo")
@RegisterRestClient(configKey = "downstream")
public interface DownstreamClient {

    @GET
    @Path("/{text}")
    String echo(String text);

    @GET
    @Path("/{text}")
    Uni<String> echoWithoutBlocking(String text);
}
