package io.tablemover.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatsTest {
    private record Run(String name, double rowsPerSecond) {}

    @Test
    void theMedianRunIsTheMiddleOneByTheFigureWhateverTheOrderTheyRan() {
        List<Run> runs = List.of(new Run("a", 70_113), new Run("b", 64_000), new Run("c", 71_020));
        assertEquals("a", Repeats.medianRun(runs, Run::rowsPerSecond).name());
        assertEquals("b", Repeats.medianRun(List.of(runs.get(1)), Run::rowsPerSecond).name());
        // an even count takes the lower middle run: a real run, never an average of two
        assertEquals("a", Repeats.medianRun(List.of(runs.get(0), runs.get(1), runs.get(2), new Run("d", 90_000)),
                Run::rowsPerSecond).name());
        assertThrows(IllegalArgumentException.class, () -> Repeats.medianRun(List.<Run>of(), Run::rowsPerSecond));
    }

    @Test
    void theSpreadListsEveryRunInTheOrderTheyRan() {
        List<Run> runs = List.of(new Run("a", 70_113.4), new Run("b", 64_000), new Run("c", 71_020));
        assertEquals("copy rows/s 70113 / 64000 / 71020", Repeats.spread("copy rows/s", runs, Run::rowsPerSecond, "%.0f"));
        assertEquals(2.5, Repeats.median(List.of(9.0, 2.5, 1.0)));
    }
}
