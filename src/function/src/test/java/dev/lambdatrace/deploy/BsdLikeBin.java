package dev.lambdatrace.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory to use as the whole PATH, standing in for macOS/BSD userland as far as Linux can: only the tools named
 * (the system's own, linked), a {@code date} that behaves like BSD date (no {@code -d}; {@code -r SECONDS} formats an
 * epoch time), and a {@code sed} with GNU's extensions off. Whatever else a script calls (seq, readlink, grep, stat,
 * ...) is simply not there.
 * <p>
 * It cannot stand in for macOS's bash 3.2: there is none on this machine, so the scripts still run under the system's
 * bash here. ShellScriptsTest checks the scripts' text for the bash 3.2 trap that matters to them instead.
 */
final class BsdLikeBin {

    static Path create(Path directory, String... tools) throws IOException {
        Files.createDirectories(directory);
        for (String tool : tools) {
            Files.createSymbolicLink(directory.resolve(tool), DistributeScriptTest.which(tool));
        }
        String bash = DistributeScriptTest.which("bash").toString();
        DistributeScriptTest.writeExecutable(directory.resolve("date"), """
                #!%s
                # BSD date has no GNU -d/--date: it formats epoch seconds with -r. Its own -d (the kernel's DST flag,
                # on older systems) takes a number, so "-d @N" ends in its usage message, as here.
                args=()
                while [ $# -gt 0 ]; do
                  case "$1" in
                    -d*|--date*)
                      echo "usage: date [-jnRu] [-r seconds|file] [-v[+|-]val[ymwdHMS]] [+output_fmt]" >&2
                      exit 1 ;;
                    -r) args+=(-d "@$2"); shift ;;
                    *) args+=("$1") ;;
                  esac
                  shift
                done
                exec %s "${args[@]}"
                """.formatted(bash, DistributeScriptTest.which("date")));
        DistributeScriptTest.writeExecutable(directory.resolve("sed"), """
                #!%s
                exec %s --posix "$@"
                """.formatted(bash, DistributeScriptTest.which("sed")));
        return directory;
    }

    private BsdLikeBin() {
    }
}
