package io.tablemover.engine.apply;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;

/** Guice: the binlog replication of the run (stream, change buffer, applier), started by the run when needed. */
public final class StreamModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ReplicationFactory.class).in(Singleton.class);
    }
}
