package io.tablemover.engine.sql;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The statements of MySQL's advisory locks (MySQL manual 14.14 "Locking Functions"), built with jOOQ: the lock name
 * is a bound value, the timeout an inlined number. A lock belongs to the session that took it and is released when
 * that session ends, so run these on one dedicated connection.
 *
 * <p>The statements are not attached to a connection: run them with a {@link DSLContext} on that connection, e.g.
 * {@code dsl.fetchOne(LockStatements.getLock(name, 0))}. Thread-safe (stateless).
 */
public final class LockStatements {
    private static final DSLContext RENDER = DSL.using(SQLDialect.MYSQL);

    private LockStatements() {}

    /**
     * {@code SELECT GET_LOCK(?, timeout)}: 1 if this session got (or already holds) the lock, 0 if another session
     * held it for the whole timeout, NULL on an error.
     *
     * @param name the lock name, at most 64 characters (MySQL refuses longer ones)
     * @param timeoutSeconds how long to wait for it, in seconds; 0 does not wait
     * @throws IllegalArgumentException if {@code timeoutSeconds} is negative (MySQL would wait forever)
     */
    public static ResultQuery<Record1<Integer>> getLock(String name, int timeoutSeconds) {
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("lock timeout must not be negative, got " + timeoutSeconds);
        }
        return RENDER.select(DSL.function("get_lock", Integer.class, DSL.val(name), DSL.inline(timeoutSeconds)));
    }

    /**
     * {@code SELECT IS_USED_LOCK(?)}: the connection id of the session holding the lock, NULL if it is free.
     *
     * @param name the lock name
     */
    public static ResultQuery<Record1<Long>> isUsedLock(String name) {
        return RENDER.select(isUsedLockField(name));
    }

    /**
     * {@code SELECT (IS_USED_LOCK(?) = CONNECTION_ID())}: 1 (true) if this session holds the lock, 0 if another one
     * does, NULL if nobody does.
     *
     * @param name the lock name
     */
    public static ResultQuery<Record1<Boolean>> holdsLock(String name) {
        return RENDER.select(DSL.field(isUsedLockField(name).eq(DSL.function("connection_id", Long.class))));
    }

    /**
     * {@code SELECT RELEASE_LOCK(?)}: 1 if this session held and released the lock, 0 if another session holds
     * it, NULL if nobody did.
     *
     * @param name the lock name
     */
    public static ResultQuery<Record1<Integer>> releaseLock(String name) {
        return RENDER.select(DSL.function("release_lock", Integer.class, DSL.val(name)));
    }

    private static Field<Long> isUsedLockField(String name) {
        return DSL.function("is_used_lock", Long.class, DSL.val(name));
    }
}
