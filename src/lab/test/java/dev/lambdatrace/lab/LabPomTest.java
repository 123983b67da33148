package dev.lambdatrace.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every {@code lab.*} setting the lab's build hands to its programs has a default in the lab's own pom, so that a
 * setting left out (the invoker passes no empty property, and the lab may run on its own) never reaches a program as
 * the text {@code ${lab.n}}.
 */
class LabPomTest {

    private static final Pattern USED = Pattern.compile("\\$\\{(lab\\.[a-z.-]+)}");
    private static final Pattern DEFINED = Pattern.compile("<(lab\\.[a-z.-]+)>");

    @Test
    void everyLabSettingTheBuildPassesOnHasADefault() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        String properties = pom.substring(pom.indexOf("<properties>"), pom.indexOf("</properties>"));

        Set<String> used = matches(USED, pom);
        Set<String> defined = matches(DEFINED, properties);
        used.removeAll(defined);

        assertFalse(matches(USED, pom).isEmpty(), "the pom passes lab settings on");
        assertEquals(Set.of(), used, "settings without a default in <properties>");
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
