package io.tablemover.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginSelectionTest {
    @Test
    void nameAloneOrWithSettingsInOrder() {
        assertEquals(new PluginSelection("recorder", Map.of()), PluginSelection.parse("--hook", "recorder"));
        assertEquals(new PluginSelection("recorder", Map.of()), PluginSelection.parse("--hook", " recorder: "));
        PluginSelection s = PluginSelection.parse("--throttler",
                "http:url=http://127.0.0.1:15000/throttler/check?app=x, interval-millis = 200");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("url", "http://127.0.0.1:15000/throttler/check?app=x");
        expected.put("interval-millis", "200");
        assertEquals(expected, s.config());
        assertEquals("http:url=http://127.0.0.1:15000/throttler/check?app=x,interval-millis=200", s.toString());
    }

    @Test
    void aPartWithoutKeyBelongsToTheValueBefore() {
        assertEquals(Map.of("tables", "a,b,c", "mode", "x=y"),
                PluginSelection.parse("--hook", "n:tables=a,b,c,mode=x=y").config());
    }

    @Test
    void malformedTextIsOneLineNamingTheOption() {
        assertEquals("--hook 'Shell:x=1': 'Shell' is not a plugin factory name (lower-case letters, digits and dashes);"
                        + " use --hook NAME[:key=value,...], e.g. --hook http:url=http://127.0.0.1:15000/throttler/check",
                assertThrows(InvalidInputException.class, () -> PluginSelection.parse("--hook", "Shell:x=1")).getMessage());
        assertEquals("--throttler 'http:oops': 'oops' is not a key=value setting; use --throttler NAME[:key=value,...],"
                        + " e.g. --throttler http:url=http://127.0.0.1:15000/throttler/check",
                assertThrows(InvalidInputException.class, () -> PluginSelection.parse("--throttler", "http:oops"))
                        .getMessage());
        assertEquals("hook.2 in --config 'r:a=1,a=2': the setting a is given twice; give it once",
                assertThrows(InvalidInputException.class, () -> PluginSelection.parse("hook.2 in --config", "r:a=1,a=2"))
                        .getMessage());
        assertThrows(InvalidInputException.class, () -> PluginSelection.parse("--hook", ""));
        assertThrows(InvalidInputException.class, () -> PluginSelection.parse("--hook", ":a=1"));
    }
}
