package io.tablemover.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpiVersionTest {
    @Test
    void currentIsMadeOfTheCompileTimeConstants() {
        assertEquals(new SpiVersion(SpiVersion.MAJOR, SpiVersion.MINOR), SpiVersion.CURRENT);
        assertEquals("1.2", SpiVersion.CURRENT.toString());
    }

    @Test
    void loadsSameMajorWithOlderOrEqualMinorOnly() {
        SpiVersion engine = new SpiVersion(1, 1);
        assertTrue(engine.canLoad(new SpiVersion(1, 0)));
        assertTrue(engine.canLoad(new SpiVersion(1, 1)));
        assertFalse(engine.canLoad(new SpiVersion(1, 2)), "newer minor");
        assertFalse(engine.canLoad(new SpiVersion(2, 0)), "other major");
        assertFalse(engine.canLoad(new SpiVersion(0, 9)), "other major");
    }

    @Test
    void refusesNegativeParts() {
        assertThrows(IllegalArgumentException.class, () -> new SpiVersion(-1, 0));
    }
}
