package io.tablemover.engine.mysql;

import io.tablemover.engine.config.MoveConfig;
import jakarta.inject.Inject;

/**
 * The two pools of a run: one per server. Sized for the copy workers, the applier, the chunk planner
 * and the cutover.
 */
public final class ServerPools implements AutoCloseable {
    private final ServerPool source;
    private final ServerPool target;

    @Inject
    public ServerPools(MoveConfig config) {
        int size = config.copyThreads() + 4;
        this.source = new ServerPool("source", config.source(), size, 5);
        this.target = new ServerPool("target", config.target(), size, 20);
    }

    public ServerPool source() {
        return source;
    }

    public ServerPool target() {
        return target;
    }

    @Override
    public void close() {
        source.close();
        target.close();
    }
}
