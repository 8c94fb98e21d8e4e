package io.tablemover.engine.reverse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.sql.Statements;
import org.junit.jupiter.api.Test;

/** The reverse stream lets through the drain's AUTO_INCREMENT alignment only; every other DDL still fails it. */
class ReverseSinkTest {
    @Test
    void theDrainsAutoIncrementAlignmentIsTheOnlyDdlLetThrough() {
        assertTrue(ReverseSink.isAutoIncrementAlignment(Statements.alterAutoIncrement("db", "t", 42).getSQL()));
        assertTrue(ReverseSink.isAutoIncrementAlignment("ALTER TABLE `db`.`t` AUTO_INCREMENT=7"));
        assertFalse(ReverseSink.isAutoIncrementAlignment("alter table `db`.`t` add column c int"));
        assertFalse(ReverseSink.isAutoIncrementAlignment("alter table `db`.`t` auto_increment = 7, add column c int"));
        assertFalse(ReverseSink.isAutoIncrementAlignment("truncate table `db`.`t`"));
    }
}
