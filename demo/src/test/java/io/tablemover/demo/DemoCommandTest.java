package io.tablemover.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.cli.Main;
import io.tablemover.engine.step.MoveListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's CLI finds {@code demo} through ServiceLoader; no server is started here. */
class DemoCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), MoveListener.NONE);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theCliListsDemoAfterTheEngineCommands() {
        Run help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().matches("(?s).*\\bmove\\b.*\\bstatus\\b.*\\bcancel\\b.*\\bverify\\b.*\\brevert\\b.*\\bcomplete\\b.*\\bplugins\\b.*\\bdemo\\b.*"), help.out());
        Run none = run();
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("error: name a command: move, status, cancel, verify, revert, complete, plugins or demo"), none.err());
    }

    @Test
    void demoHelpShowsItsOptions() {
        Run help = run("demo", "--help");
        assertEquals(0, help.code());
        for (String option : List.of("--rows-per-table", "--writes-per-second", "--shards")) {
            assertTrue(help.out().contains(option), help.out());
        }
    }

    @Test
    void tooManyShardsIsInvalidInputBeforeAnyServerStarts() {
        Run r = run("demo", "--shards", "17");
        assertEquals(2, r.code());
        assertEquals("error: --shards must be between 1 and 16, got 17", r.err().strip());
    }

    @Test
    void shardRangesSplitTheKeyspaceEvenly() {
        assertEquals(List.of("-"), DemoRunner.shardRanges(1));
        assertEquals(List.of("-80", "80-"), DemoRunner.shardRanges(2));
        assertEquals(List.of("-40", "40-80", "80-c0", "c0-"), DemoRunner.shardRanges(4));
    }
}
