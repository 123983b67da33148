package dev.lambdatrace.tracing.attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class XrayUrlTest {

    @Test
    void urlThatFitsIsLeftWhole() {
        XrayUrl url = XrayUrl.fitted("https", "abc.execute-api.us-east-1.amazonaws.com", "/items", "page=2");

        assertEquals(new XrayUrl("https", "abc.execute-api.us-east-1.amazonaws.com", "/items", "page=2"), url);
    }

    @Test
    void longQueryIsCutFirstAndThePathKept() {
        XrayUrl url = XrayUrl.fitted("https", "h.example", "/items", "q=" + "x".repeat(1_000));

        assertEquals("/items", url.path());
        assertEquals(250, joined(url).length());
        assertTrue(url.query().startsWith("q=xxx"), url.query());
    }

    @Test
    void longPathIsCutAfterTheQueryIsGone() {
        XrayUrl url = XrayUrl.fitted("https", "h.example", "/" + "p".repeat(1_000), "q=1");

        assertNull(url.query());
        assertEquals(250, joined(url).length());
    }

    @Test
    void generatedUrlsNeverExceed250CharactersAndEachPartIsAPrefixOfItsOwn() {
        Random random = new Random(20261201L);
        for (int i = 0; i < 5_000; i++) {
            String host = text(random, random.nextInt(300));
            String path = "/" + text(random, random.nextInt(600));
            String query = random.nextBoolean() ? null : text(random, random.nextInt(600));

            XrayUrl url = XrayUrl.fitted("https", host, path, query);

            String which = "case " + i;
            assertTrue(joined(url).length() <= 250, which + ": " + joined(url).length());
            assertTrue(host.startsWith(url.host()), which);
            assertTrue(path.startsWith(url.path()), which);
            assertTrue(url.query() == null || query.startsWith(url.query()), which);
            for (String part : new String[] {url.host(), url.path(), url.query()}) {
                assertFalse(part != null && !part.isEmpty()
                        && Character.isHighSurrogate(part.charAt(part.length() - 1)), which + ": half a character");
            }
        }
    }

    @Test
    void userAgentIsCutTo250Characters() {
        assertEquals(250, XrayUrl.cut("Mozilla/5.0 ".repeat(100), 250).length());
        assertEquals("curl/8.5.0", XrayUrl.cut("curl/8.5.0", 250));
    }

    /** As the awsxray exporter joins them. */
    static String joined(XrayUrl url) {
        return url.scheme() + "://" + (url.host() == null ? "" : url.host()) + (url.path() == null ? "" : url.path())
                + (url.query() == null ? "" : "?" + url.query());
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
