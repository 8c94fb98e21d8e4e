package io.tablemover.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.step.FaultInjectors;
import io.tablemover.engine.step.MoveListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void anUnloadableFaultInjectorFailsStartUpWithOneLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        System.setProperty(FaultInjectors.PROPERTY, "com.example.NoSuchInjector");
        int code;
        try {
            code = Main.execute(new String[] {"--version"}, new PrintWriter(out, true), new PrintWriter(err, true),
                    Map.of(), MoveListener.NONE);
        } finally {
            System.clearProperty(FaultInjectors.PROPERTY);
        }
        assertEquals(2, code);
        assertEquals("", out.toString());
        String line = err.toString().strip();
        assertTrue(line.startsWith("error: cannot load the fault injector 'com.example.NoSuchInjector'"), line);
        assertEquals(1, line.lines().count(), line);
    }

    @Test
    void verifyIsACommandWithItsOptionsAndExitCodeSix() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"verify", "--help"}, new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of(), MoveListener.NONE);
        assertEquals(0, code, err.toString());
        for (String option : new String[] {"--source-suffix", "--repair", "--max-keys", "--report-format", "--tables",
                "--sharding-key", "6  verify: the tables differ"}) {
            assertTrue(out.toString().contains(option), option + " in " + out);
        }
    }

    @Test
    void aBadVerifyOptionIsOneLineBeforeAnyServerIsContacted() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"verify", "--source", "jdbc:mysql://127.0.0.1:1/a", "--target",
                "jdbc:mysql://127.0.0.1:1/b", "--tables", "t", "--report-format", "xml"}, new PrintWriter(out, true),
                new PrintWriter(err, true), Map.of(), MoveListener.NONE);
        assertEquals(2, code);
        assertEquals("error: --report-format must be text or json, not xml", err.toString().strip());
    }
}
