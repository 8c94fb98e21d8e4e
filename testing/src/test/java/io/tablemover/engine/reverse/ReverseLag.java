package io.tablemover.engine.reverse;

import io.tablemover.testing.MysqlServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measures the reverse lag end to end: every 250 ms a marker row is inserted into {@code items} on the target and the
 * time until the source's {@code _items_del} holds it is taken (polled every 2 ms).
 */
final class ReverseLag {
    private final MysqlServers servers;
    private final String src;
    private final String tgt;
    private final long idBase;
    private final List<Long> samples = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;
    private Thread thread;
    private volatile Exception failure;

    ReverseLag(MysqlServers servers, String src, String tgt) {
        this(servers, src, tgt, 0);
    }

    /**
     * @param idBase markers get ids from here on instead of AUTO_INCREMENT (0): shards count AUTO_INCREMENT each for
     *     themselves, and a key on two shards stops a resharded reverse stream
     */
    ReverseLag(MysqlServers servers, String src, String tgt, long idBase) {
        this.idBase = idBase;
        this.servers = servers;
        this.src = src;
        this.tgt = tgt;
    }

    void start() {
        thread = new Thread(() -> {
            try (Connection t = servers.target().connect(tgt); Connection s = servers.source().connect(src);
                 Statement ts = t.createStatement(); Statement ss = s.createStatement()) {
                int n = 0;
                while (running) {
                    long t0 = System.nanoTime();
                    long id;
                    if (idBase > 0) {
                        id = idBase + n;
                        ts.executeUpdate("INSERT INTO items (id, note, qty) VALUES (" + id + ", 'marker " + (n++)
                                + "', -1)");
                    } else {
                        ts.executeUpdate("INSERT INTO items (note, qty) VALUES ('marker " + (n++) + "', -1)",
                                Statement.RETURN_GENERATED_KEYS);
                        try (ResultSet k = ts.getGeneratedKeys()) {
                            k.next();
                            id = k.getLong(1);
                        }
                    }
                    while (true) {
                        try (ResultSet rs = ss.executeQuery("SELECT 1 FROM _items_del WHERE id = " + id)) {
                            if (rs.next()) {
                                break;
                            }
                        }
                        if (System.nanoTime() - t0 > 60_000_000_000L) {
                            throw new IllegalStateException("marker " + id + " did not reach the source in 60 s");
                        }
                        Thread.sleep(2);
                    }
                    samples.add((System.nanoTime() - t0) / 1_000_000);
                    Thread.sleep(250);
                }
            } catch (Exception e) {
                failure = e;
            }
        }, "reverse-lag");
        thread.start();
    }

    void stop() throws Exception {
        running = false;
        thread.join(70_000);
        if (failure != null) {
            throw failure;
        }
    }

    String summary() {
        List<Long> s = new ArrayList<>(samples);
        Collections.sort(s);
        if (s.isEmpty()) {
            return "no samples";
        }
        return s.size() + " samples, median " + s.get(s.size() / 2) + " ms, p90 " + s.get(s.size() * 9 / 10)
                + " ms, max " + s.get(s.size() - 1) + " ms";
    }
}
