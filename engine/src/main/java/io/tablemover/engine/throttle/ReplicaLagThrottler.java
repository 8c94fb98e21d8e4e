package io.tablemover.engine.throttle;

import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.config.ReplicaAddress;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.sql.ServerStatements;
import io.tablemover.spi.throttle.ThrottleState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.exception.DataAccessException;

/**
 * The standard {@code max-lag} throttler ({@code --throttle-control-replicas} with {@code --max-lag-millis}, like
 * gh-ost's): copy and apply pause while one of the control replicas lags {@code --max-lag-millis} or more, does
 * not replicate, or cannot be asked.
 *
 * <p>Once per poll interval (1 s) its thread runs {@code SHOW REPLICA STATUS} (or {@code SHOW SLAVE STATUS} on
 * servers older than 8.0.22) on each replica, over one kept connection per replica with the <em>source's</em> user
 * and password. The lag is {@code Seconds_Behind_Source × 1000} ms, the largest over the replica's channels, so its
 * granularity is one second: with the default 1500 ms, a lag of 2 s throttles and 1 s does not. (gh-ost measures
 * lag with a heartbeat table it writes on the source; tablemover writes nothing to the source before its cutover,
 * so it relies on the replica's own estimate.) A NULL {@code Seconds_Behind_Source} means replication is stopped
 * (or broken) and throttles ("replication stopped"); so does an unreachable replica. The replica's user needs
 * {@code REPLICATION CLIENT}.
 *
 * <p>Created with {@link #start}, which asks every replica once: a server that is not a replica (empty status) or
 * cannot be reached is invalid input, named by its URL. Thread-safe.
 */
public final class ReplicaLagThrottler extends PollingThrottler {
    /** The name shown in throttle states and status lines. */
    public static final String NAME = "max-lag";
    /** How often the replicas are asked: once a second. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    private static final int ER_PARSE_ERROR = 1064;

    private final List<ReplicaAddress> replicas;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Connection[] connections;
    private final boolean[] legacySyntax;
    private final long maxLagMillis;

    private ReplicaLagThrottler(Endpoint source, List<ReplicaAddress> replicas, Duration maxLag, Duration pollInterval) {
        super("throttle-lag", pollInterval, ThrottleState.open(NAME));
        this.replicas = List.copyOf(replicas);
        for (ReplicaAddress r : replicas) {
            endpoints.add(new Endpoint(r.host(), r.port(), "", source.user(), source.password(), source.tls()));
        }
        this.connections = new Connection[replicas.size()];
        this.legacySyntax = new boolean[replicas.size()];
        this.maxLagMillis = maxLag.toMillis();
    }

    /**
     * Asks every replica once (that answer counts: it may already throttle), then starts polling.
     *
     * @param source the source: its user and password are used on the replicas
     * @param replicas {@code --throttle-control-replicas}, not empty
     * @param maxLag {@code --max-lag-millis}
     * @param pollInterval time between two rounds (normally {@link #DEFAULT_POLL_INTERVAL})
     * @return the running throttler; the caller closes it
     * @throws InvalidInputException naming the replica's URL if it cannot be reached or asked, or is not a replica
     */
    public static ReplicaLagThrottler start(Endpoint source, List<ReplicaAddress> replicas, Duration maxLag,
                                            Duration pollInterval) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("no replicas");
        }
        ReplicaLagThrottler t = new ReplicaLagThrottler(source, replicas, maxLag, pollInterval);
        try {
            for (int i = 0; i < replicas.size(); i++) {
                Result<Record> status;
                try {
                    status = t.status(i);
                } catch (SQLException | DataAccessException e) {
                    throw new InvalidInputException("--throttle-control-replicas: cannot ask " + replicas.get(i).url()
                            + " for its replication status: " + oneLine(e) + "; check the address, and that the source's"
                            + " user can log in there and has REPLICATION CLIENT");
                }
                if (status.isEmpty()) {
                    throw new InvalidInputException("--throttle-control-replicas: " + replicas.get(i).url() + " is not a"
                            + " replica (SHOW REPLICA STATUS is empty); list only replicas of the source");
                }
            }
        } catch (RuntimeException e) {
            t.closeConnections();
            throw e;
        }
        t.publish(t.poll());
        t.startPolling();
        return t;
    }

    @Override
    String name() {
        return NAME;
    }

    @Override
    ThrottleState poll() {
        for (int i = 0; i < replicas.size(); i++) {
            ReplicaAddress r = replicas.get(i);
            Result<Record> status;
            try {
                status = status(i);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(connections[i]);
                connections[i] = null;
                return ThrottleState.throttled(NAME, "cannot ask replica " + r + ": " + oneLine(e));
            }
            if (status.isEmpty()) {
                return ThrottleState.throttled(NAME, "replica " + r + " does not replicate (SHOW REPLICA STATUS is empty)");
            }
            long lagSeconds = 0;
            for (Record row : status) {
                Long behind = row.get(legacySyntax[i] ? "Seconds_Behind_Master" : "Seconds_Behind_Source", Long.class);
                if (behind == null) {
                    String p = legacySyntax[i] ? "Slave" : "Replica";
                    return ThrottleState.throttled(NAME, "replication stopped on " + r + " (Seconds_Behind_Source is NULL, "
                            + p + "_IO_Running " + row.get(p + "_IO_Running") + ", " + p + "_SQL_Running "
                            + row.get(p + "_SQL_Running") + ")");
                }
                lagSeconds = Math.max(lagSeconds, behind);
            }
            if (lagSeconds * 1000 >= maxLagMillis) {
                return ThrottleState.throttled(NAME, "replica " + r + " lags " + lagSeconds * 1000 + " ms >= "
                        + maxLagMillis + " ms (--max-lag-millis)");
            }
        }
        return ThrottleState.open(NAME);
    }

    private Result<Record> status(int i) throws SQLException {
        if (connections[i] == null) {
            connections[i] = connect(endpoints.get(i));
        }
        var dsl = ServerPool.on(connections[i]);
        if (!legacySyntax[i]) {
            try {
                return dsl.fetch(ServerStatements.showReplicaStatus());
            } catch (DataAccessException e) {
                SQLException sql = e.getCause(SQLException.class);
                if (sql == null || sql.getErrorCode() != ER_PARSE_ERROR) {
                    throw e;
                }
                legacySyntax[i] = true; // before MySQL 8.0.22
            }
        }
        return dsl.fetch(ServerStatements.showSlaveStatus());
    }

    @Override
    synchronized void closeConnections() {
        for (int i = 0; i < connections.length; i++) {
            closeQuietly(connections[i]);
            connections[i] = null;
        }
    }
}
