package io.tablemover.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tablemover.engine.config.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationOptionTest {
    @Test
    void parsesDaysHoursMinutesSeconds() {
        assertEquals(Duration.ofHours(2), DurationOption.parse("2h"));
        assertEquals(Duration.ofMinutes(90), DurationOption.parse("1h30m"));
        assertEquals(Duration.ofSeconds(45), DurationOption.parse("45s"));
        assertEquals(Duration.ofDays(1).plusHours(1), DurationOption.parse("1d1h"));
    }

    @Test
    void refusesWhatIsNoDuration() {
        assertThrows(InvalidInputException.class, () -> DurationOption.parse("2 hours"));
        assertThrows(InvalidInputException.class, () -> DurationOption.parse("0h"));
        assertThrows(InvalidInputException.class, () -> DurationOption.parse(""));
    }
}
