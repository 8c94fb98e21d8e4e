package io.tablemover.engine.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jooq.conf.ParamType;
import org.junit.jupiter.api.Test;

class LockStatementsTest {
    @Test
    void lockNamesAreBoundAndTimeoutsInlined() {
        assertEquals("select get_lock(?, 0)", LockStatements.getLock("tablemover:db.t", 0).getSQL());
        assertEquals("select get_lock('it''s', 30)", LockStatements.getLock("it's", 30).getSQL(ParamType.INLINED));
        assertThrows(IllegalArgumentException.class, () -> LockStatements.getLock("x", -1));
        assertEquals("select is_used_lock(?)", LockStatements.isUsedLock("x").getSQL());
        assertEquals("select (is_used_lock(?) = connection_id())", LockStatements.holdsLock("x").getSQL());
        assertEquals("select release_lock('tablemover.state.db')",
                LockStatements.releaseLock("tablemover.state.db").getSQL(ParamType.INLINED));
    }
}
