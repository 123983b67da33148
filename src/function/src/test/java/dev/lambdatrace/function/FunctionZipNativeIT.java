package dev.lambdatrace.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lambdatrace.emulator.FunctionArtifacts;
import dev.lambdatrace.emulator.LambdaRuntime;

/**
 * {@code target/function.zip} is what Lambda's {@code provided.al2023} runtime runs: an executable {@code bootstrap}
 * that Amazon Linux 2023's glibc can load, next to the collector layer's config.
 */
class FunctionZipNativeIT {

    // Amazon Linux 2023 ships glibc 2.34.
    static final int[] NEWEST_GLIBC = { 2, 34 };
    static final Set<String> ALLOWED_LIBRARIES = Set.of("libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0",
            "librt.so.1", "libz.so.1");
    static final int S_IXUSR = 0100;

    @TempDir
    static Path directory;
    static Path zip;
    static Path bootstrap;

    @BeforeAll
    static void extractBootstrap() throws IOException {
        zip = LambdaRuntime.nativeExecutable(FunctionArtifacts.ofBuild()).getParent().resolve("function.zip");
        assertTrue(Files.isRegularFile(zip), "no " + zip + ": the native build writes it");
        bootstrap = directory.resolve("bootstrap");
        try (ZipFile archive = new ZipFile(zip.toFile()); InputStream in = archive.getInputStream(entry(archive))) {
            Files.copy(in, bootstrap, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void bootstrapIsAnExecutableElfFileForThisMachine() throws IOException {
        byte[] header = new byte[20];
        try (InputStream in = Files.newInputStream(bootstrap)) {
            assertEquals(header.length, in.readNBytes(header, 0, header.length));
        }
        ByteBuffer elf = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);

        assertArrayEquals(new byte[] { 0x7F, 'E', 'L', 'F' }, new byte[] { header[0], header[1], header[2], header[3] });
        assertEquals(2, header[4], "64-bit");
        short type = elf.getShort(16);
        assertTrue(type == 2 || type == 3, "an executable or a position-independent executable, not type " + type);
        assertEquals(expectedMachine(), elf.getShort(18), "built for this machine's architecture");
        assertTrue((unixModes().get("bootstrap") & S_IXUSR) != 0, "bootstrap is stored without its execute bit");
    }

    @Test
    void bothCollectorConfigsAreBesideTheBootstrap() throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            ZipEntry adot = archive.getEntry("collector.yaml");
            ZipEntry upstream = archive.getEntry("collector-decouple.yaml");

            assertTrue(adot != null && upstream != null, "collector configs missing from " + zip);
            assertTrue(new String(archive.getInputStream(adot).readAllBytes(), StandardCharsets.UTF_8)
                    .contains("awsxray"));
            assertTrue(new String(archive.getInputStream(upstream).readAllBytes(), StandardCharsets.UTF_8)
                    .contains("decouple"));
        }
    }

    @Test
    void bootstrapNeedsNoGlibcNewerThanAmazonLinux2023s() throws Exception {
        Set<String> versions = new TreeSet<>();
        Matcher glibc = Pattern.compile("GLIBC_(\\d+)\\.(\\d+)").matcher(readelf("--version-info"));
        List<String> tooNew = new ArrayList<>();
        while (glibc.find()) {
            versions.add(glibc.group());
            int major = Integer.parseInt(glibc.group(1));
            int minor = Integer.parseInt(glibc.group(2));
            if (major > NEWEST_GLIBC[0] || major == NEWEST_GLIBC[0] && minor > NEWEST_GLIBC[1]) {
                tooNew.add(glibc.group());
            }
        }

        assertFalse(versions.isEmpty(), "no glibc symbol versions found: is it dynamically linked?");
        assertEquals(List.of(), tooNew, "glibc versions needed: " + versions);
    }

    @Test
    void bootstrapLinksNothingBeyondLibcLibmLibdlLibpthreadLibrtAndLibz() throws Exception {
        Set<String> needed = new TreeSet<>();
        Matcher library = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]+)]").matcher(readelf("--dynamic"));
        while (library.find()) {
            needed.add(library.group(1));
        }

        assertTrue(needed.contains("libc.so.6"), needed.toString());
        assertTrue(ALLOWED_LIBRARIES.containsAll(needed), "needs " + needed);
    }

    private static ZipEntry entry(ZipFile archive) {
        ZipEntry entry = archive.getEntry("bootstrap");
        assertTrue(entry != null, "no bootstrap in " + zip);
        return entry;
    }

    /** binutils' readelf: a native build needs binutils (the linker), so it is there wherever one runs. */
    private static String readelf(String option) throws Exception {
        Process readelf = new ProcessBuilder("readelf", "--wide", option, bootstrap.toString())
                .redirectErrorStream(true).start();
        String output = new String(readelf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, readelf.waitFor(), output);
        return output;
    }

    private static short expectedMachine() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 62;
            case "aarch64" -> 183;
            default -> throw new IllegalStateException("unexpected architecture " + System.getProperty("os.arch"));
        };
    }

    /**
     * The Unix mode of each entry, from the zip's central directory: {@code java.util.zip} does not expose it, and
     * Lambda runs {@code bootstrap} only if its execute bit survived the packaging.
     */
    static Map<String, Integer> unixModes() throws IOException {
        ByteBuffer zipBytes = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
        int end = zipBytes.capacity() - 22;
        while (end >= 0 && zipBytes.getInt(end) != 0x06054b50) {
            end--;
        }
        assertTrue(end >= 0, "no end of central directory in " + zip);
        int entries = Short.toUnsignedInt(zipBytes.getShort(end + 10));
        int at = zipBytes.getInt(end + 16);
        Map<String, Integer> modes = new HashMap<>();
        for (int i = 0; i < entries; i++) {
            assertEquals(0x02014b50, zipBytes.getInt(at), "central directory entry " + i);
            int nameLength = Short.toUnsignedInt(zipBytes.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(zipBytes.getShort(at + 30));
            int commentLength = Short.toUnsignedInt(zipBytes.getShort(at + 32));
            int externalAttributes = zipBytes.getInt(at + 38);
            byte[] name = new byte[nameLength];
            zipBytes.get(at + 46, name);
            modes.put(new String(name, StandardCharsets.UTF_8), externalAttributes >>> 16);
            at += 46 + nameLength + extraLength + commentLength;
        }
        return modes;
    }
}
