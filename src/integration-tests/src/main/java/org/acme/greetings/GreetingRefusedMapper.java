package org.acme.greetings;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a refused greeting with a 500 and its reason.
 */
@Provider
public class GreetingRefusedMapper implements ExceptionMapper<GreetingRefused> {

    @Override
    public Response toResponse(GreetingRefused refused) {
        return Response.serverError().entity(refused.getMessage()).build();
    }
}
