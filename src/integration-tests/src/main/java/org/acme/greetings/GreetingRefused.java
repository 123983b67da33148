package org.acme.greetings;

/**
 * A greeting the service will not make; {@link GreetingRefusedMapper} answers it with a 500.
 */
public class GreetingRefused extends RuntimeException {

    public GreetingRefused(String name) {
        super("no greeting for " + name);
    }
}
