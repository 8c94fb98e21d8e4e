package io.tablemover.spi.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tablemover.spi.PluginContext;
import io.tablemover.spi.PluginLog;
import io.tablemover.spi.sharding.KeyRange;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RunInfo's targets (SPI 1.2) and the constructors kept for plugins built against SPI 1.1. */
class RunInfoTest {
    private static final DatabaseEndpoint SOURCE = new DatabaseEndpoint("src", 3306, "app");
    private static final DatabaseEndpoint T1 = new DatabaseEndpoint("t1", 3306, "app");
    private static final DatabaseEndpoint T2 = new DatabaseEndpoint("t2", 3306, "app");

    @Test
    void theSpi11ConstructorMakesOneTargetOwningTheWholeKeyspace() {
        RunInfo run = new RunInfo("r", SOURCE, T1, List.of("t"), List.of("_t_del"), "copy", RunProgress.NONE,
                Optional.empty());
        assertEquals(List.of(new TargetShard(T1, KeyRange.FULL)), run.targets());
        assertEquals("t1:3306/app@-", run.targets().get(0).toString());
    }

    @Test
    void targetsSurviveTheWithMethodsAndTheFirstMustBeTheTarget() {
        List<TargetShard> shards = List.of(new TargetShard(T1, KeyRange.parse("-80")),
                new TargetShard(T2, KeyRange.parse("80-")));
        RunInfo run = new RunInfo("r", SOURCE, T1, List.of("t"), List.of("_t_del"), "", RunProgress.NONE,
                Optional.empty(), shards);
        assertEquals(shards, run.withPhase("copy").withProgress(RunProgress.NONE).withDrainGtidSet("u:1").targets());
        assertThrows(IllegalArgumentException.class, () -> new RunInfo("r", SOURCE, T2, List.of("t"),
                List.of("_t_del"), "", RunProgress.NONE, Optional.empty(), shards));
        assertThrows(IllegalArgumentException.class, () -> run.withTargets(List.of()));
    }

    @Test
    void theSpi11PluginContextConstructorHasNoRun() {
        assertEquals(Optional.empty(), new PluginContext("p", Path.of("/p"), PluginLog.NONE).run());
    }
}
