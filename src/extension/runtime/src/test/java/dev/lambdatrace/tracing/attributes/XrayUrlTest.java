package dev.lambdatrace.tracing.attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class XrayUrlTest {

    @Test
    void urlThatFitsIsTheWholeRequestsUrl() {
        assertEquals("https://abc.execute-api.us-east-1.amazonaws.com/items?page=2",
                XrayUrl.full("https", "abc.execute-api.us-east-1.amazonaws.com", "/items", "page=2"));
        assertEquals("https://h.example/", XrayUrl.full("https", "h.example", "", null));
        assertNull(XrayUrl.full("https", null, "/", null), "no host, no URL: X-Ray builds none either");
    }

    @Test
    void longQueryIsCutFirstAndThePathKept() {
        String url = XrayUrl.full("https", "h.example", "/items", "q=" + "x".repeat(1_000));

        assertEquals(250, url.length());
        assertTrue(url.startsWith("https://h.example/items?q=xxx"), url);
    }

    @Test
    void generatedUrlsNeverExceed250CharactersAndAreAPrefixOfTheWholeOne() {
        Random random = new Random(20261201L);
        for (int i = 0; i < 5_000; i++) {
            String host = text(random, 1 + random.nextInt(300));
            String path = "/" + text(random, random.nextInt(600));
            String query = random.nextBoolean() ? null : text(random, random.nextInt(600));

            String url = XrayUrl.full("https", host, path, query);

            String whole = "https://" + host + path + (query == null || query.isEmpty() ? "" : "?" + query);
            assertTrue(url.length() <= 250, "case " + i + ": " + url.length());
            assertTrue(whole.startsWith(url), "case " + i);
            assertFalse(Character.isHighSurrogate(url.charAt(url.length() - 1)), "case " + i + ": half a character");
        }
    }

    @Test
    void userAgentIsCutTo250Characters() {
        assertEquals(250, XrayUrl.cut("Mozilla/5.0 ".repeat(100), 250).length());
        assertEquals("curl/8.5.0", XrayUrl.cut("curl/8.5.0", 250));
    }

    private static String text(Random random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            switch (random.nextInt(4)) {
                case 0 -> text.append("😀");
                case 1 -> text.append('ü');
                default -> text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }
}
