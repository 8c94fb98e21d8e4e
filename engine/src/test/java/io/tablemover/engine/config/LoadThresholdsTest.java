package io.tablemover.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadThresholdsTest {
    @Test
    void parsesGhOstsSyntax() {
        LoadThresholds l = LoadThresholds.parse("--max-load", " Threads_running=50, Threads_connected = 500");
        assertEquals(Map.of("Threads_running", 50L, "Threads_connected", 500L), l.thresholds());
        assertEquals("Threads_running=50,Threads_connected=500", l.toString());
        assertEquals(50L, l.threshold("THREADS_RUNNING"));
    }

    @Test
    void refusesMistakesNamingTheOption() {
        assertEquals("--max-load: 'Threads_running' has no '=': --max-load must look like 'Threads_running=50,"
                        + "Threads_connected=500' (GLOBAL STATUS variable=threshold, comma-separated, thresholds are whole numbers)",
                assertThrows(InvalidInputException.class, () -> LoadThresholds.parse("--max-load", "Threads_running")).getMessage());
        for (String bad : new String[] {"", "Threads_running=", "Threads_running=1.5", "Threads_running=-1", "a b=1",
                "Threads_running=1,", "Threads_running=1,threads_running=2", "x=1;drop table t"}) {
            assertThrows(InvalidInputException.class, () -> LoadThresholds.parse("--critical-load", bad), bad);
        }
    }

    @Test
    void parsesReplicaAddresses() {
        assertEquals(List.of(new ReplicaAddress("h1", 3306), new ReplicaAddress("h2", 3307), new ReplicaAddress("h3", 3306)),
                ReplicaAddress.parseList("--throttle-control-replicas", "jdbc:mysql://h1:3306, jdbc:mysql://h2:3307/,h3"));
        for (String bad : new String[] {"", "jdbc:mysql://h1:3306/db", "jdbc:mysql://u:p@h1:3306", "jdbc:mysql://h1:3306?x=1",
                "jdbc:mysql://h1,jdbc:mysql://h1:3306", "jdbc:postgresql://h1"}) {
            assertThrows(InvalidInputException.class, () -> ReplicaAddress.parseList("--throttle-control-replicas", bad), bad);
        }
    }
}
