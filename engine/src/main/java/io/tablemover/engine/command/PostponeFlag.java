package io.tablemover.engine.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The interactive command {@code unpostpone}: removes the {@code --postpone-cutover-flag-file}. */
final class PostponeFlag {
    private static final Logger log = LoggerFactory.getLogger(RunControl.class);

    private PostponeFlag() {}

    /** @return the reply: the flag removed, absent, or why it could not be removed (never throws) */
    static String remove(Optional<Path> flag) {
        if (flag.isEmpty()) {
            return "error: unpostpone: the run has no --postpone-cutover-flag-file, so its cutover is not postponed";
        }
        try {
            if (!Files.deleteIfExists(flag.get())) {
                return "the cutover is not postponed: " + flag.get() + " does not exist";
            }
        } catch (IOException e) {
            return "error: unpostpone: cannot remove " + flag.get() + ": " + e + "; remove it by hand";
        }
        log.info("unpostpone: removed {}", flag.get());
        return "unpostponed: removed " + flag.get() + "; the cutover starts once the binlog stream has caught up"
                + " (and nothing throttles)";
    }
}
