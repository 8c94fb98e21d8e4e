package io.tablemover.engine.cli;

import io.tablemover.engine.config.InvalidInputException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/** Parses a duration option such as {@code --reverse-window 2h}: days, hours, minutes, seconds, e.g. {@code 1h30m}. */
final class DurationOption implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * @param value e.g. {@code 2h}, {@code 90m}, {@code 1h30m}, {@code 45s}, {@code 1d}
     * @throws InvalidInputException for anything else, or zero
     */
    static Duration parse(String value) {
        Matcher m = FORM.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (value.isBlank() || !m.matches()) {
            throw new InvalidInputException("--reverse-window '" + value + "' is not a duration: write e.g. 2h, 90m,"
                    + " 1h30m or 45s");
        }
        Duration d = Duration.ZERO;
        long[] unitSeconds = {86_400, 3_600, 60, 1};
        for (int i = 0; i < 4; i++) {
            if (m.group(i + 1) != null) {
                d = d.plusSeconds(Long.parseLong(m.group(i + 1)) * unitSeconds[i]);
            }
        }
        if (d.isZero()) {
            throw new InvalidInputException("--reverse-window must be more than 0, e.g. 2h (leave it out for no window)");
        }
        return d;
    }
}
