package io.tablemover.engine.throttle;

import io.tablemover.spi.throttle.ThrottleState;
import io.tablemover.spi.throttle.Throttler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The standard {@code flag-file} throttler ({@code --throttle-flag-file PATH}, like gh-ost's
 * {@code --throttle-flag-file}): the copy and the binlog apply pause while the file exists. Its
 * check is one local {@code stat}, quick enough for {@link Throttler#check()}. Stateless, thread-safe.
 */
public final class FlagFileThrottler implements Throttler {
    /** The name shown in throttle states and status lines. */
    public static final String NAME = "flag-file";

    private final Path flag;

    /** @param flag the file whose existence throttles */
    public FlagFileThrottler(Path flag) {
        this.flag = Objects.requireNonNull(flag, "flag");
    }

    @Override
    public ThrottleState check() {
        return Files.exists(flag) ? ThrottleState.throttled(NAME, flag + " exists") : ThrottleState.open(NAME);
    }
}
