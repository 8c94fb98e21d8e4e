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
}
