package dev.lambdatrace.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lambdatrace.emulator.FunctionArtifacts;

class FreshExecutableTest {

    @TempDir
    Path temp;

    @Test
    void contestantRunsANewlyWrittenCopyOfTheBuildsExecutable() throws IOException {
        // given: a build whose executable an earlier run left in the directory the copy goes to
        Path target = Files.createDirectories(temp.resolve("target"));
        Path executable = target.resolve("function-runner");
        Files.write(executable, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path directory = temp.resolve("executables/native-traced");
        Files.createDirectories(directory);
        Path earlier = directory.resolve("function-runner");
        Files.write(earlier, new byte[] {9});

        try (FileChannel stillRunning = FileChannel.open(earlier)) {
            // when
            FunctionArtifacts fresh = FreshExecutable.of(new FunctionArtifacts(target), directory);

            // then: the same bytes, executable, in a new file; the earlier process keeps its own
            Path copy = fresh.nativeRunner().orElseThrow();
            assertEquals(earlier, copy);
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(copy));
            assertTrue(Files.isExecutable(copy));
            ByteBuffer earlierBytes = ByteBuffer.allocate(8);
            stillRunning.read(earlierBytes, 0);
            assertArrayEquals(new byte[] {9}, Arrays.copyOf(earlierBytes.array(), earlierBytes.position()));
        }
    }

    @Test
    void buildWithoutAnExecutableIsHandedBackToSayWhatIsMissing() throws IOException {
        FunctionArtifacts build = new FunctionArtifacts(Files.createDirectories(temp.resolve("target")));

        assertSame(build, FreshExecutable.of(build, temp.resolve("executables/native-traced")));
    }
}
