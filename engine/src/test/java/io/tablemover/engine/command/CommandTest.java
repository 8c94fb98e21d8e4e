package io.tablemover.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CommandTest {
    @Test
    void parsesGhOstNamesAndAliases() {
        assertEquals(CommandType.STATUS, Command.parse("status").type());
        assertEquals(CommandType.STATUS, Command.parse("  info \r").type());
        assertEquals(CommandType.SUP, Command.parse("SUP").type());
        assertEquals(CommandType.HELP, Command.parse("help").type());
        assertEquals(CommandType.THROTTLE, Command.parse("throttle").type());
        assertEquals(CommandType.THROTTLE, Command.parse("pause").type());
        assertEquals(CommandType.NO_THROTTLE, Command.parse("no-throttle").type());
        assertEquals(CommandType.NO_THROTTLE, Command.parse("resume").type());
        assertEquals(CommandType.UNPOSTPONE, Command.parse("unpostpone").type());
        assertEquals(CommandType.UNPOSTPONE, Command.parse("cut-over").type());
        assertEquals(CommandType.PANIC, Command.parse("panic").type());
        assertEquals("throttle", Command.parse(" throttle \n".strip()).text());
    }

    @Test
    void statusJsonAsksForTheJsonDocument() {
        assertTrue(Command.parse("status json").json());
        assertTrue(Command.parse(" INFO  Json ").json());
        assertEquals(CommandType.STATUS, Command.parse("status json").type());
        assertTrue(!Command.parse("status").json());
        CommandSyntaxException e = assertThrows(CommandSyntaxException.class, () -> Command.parse("status yaml"));
        assertTrue(e.getMessage().startsWith("unknown command 'status yaml'"), e.getMessage());
        assertThrows(CommandSyntaxException.class, () -> Command.parse("sup json"));
    }

    @Test
    void chunkSizeTakesRowsOrAQuestionMark() {
        Command c = Command.parse("chunk-size=500");
        assertEquals(CommandType.CHUNK_SIZE, c.type());
        assertEquals(OptionalInt.of(500), c.value());
        assertEquals(OptionalInt.of(7), Command.parse("chunk-size = 7").value());
        assertEquals(OptionalInt.empty(), Command.parse("chunk-size=?").value());
        assertEquals(OptionalInt.empty(), Command.parse("chunk-size").value());
        for (String bad : new String[] {"chunk-size=0", "chunk-size=100001", "chunk-size=abc", "chunk-size=", "chunk-size=-5"}) {
            CommandSyntaxException e = assertThrows(CommandSyntaxException.class, () -> Command.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("chunk-size must be a number of rows between 1 and 100000"), e.getMessage());
        }
    }

    @Test
    void unknownOrMalformedCommandsListTheCommands() {
        CommandSyntaxException e = assertThrows(CommandSyntaxException.class, () -> Command.parse("explode"));
        assertEquals("unknown command 'explode'; commands: help, status, sup, throttle, no-throttle, unpostpone, panic,"
                + " verify, chunk-size=N, revert, complete", e.getMessage());
        assertTrue(assertThrows(CommandSyntaxException.class, () -> Command.parse("  ")).getMessage()
                .startsWith("empty command; commands: help"));
        assertEquals("'status' takes no value, got 'status=1'",
                assertThrows(CommandSyntaxException.class, () -> Command.parse("status=1")).getMessage());
        assertTrue(assertThrows(CommandSyntaxException.class, () -> Command.parse("x".repeat(Command.MAX_LENGTH + 1)))
                .getMessage().startsWith("command longer than"));
    }
}
