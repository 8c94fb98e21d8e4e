/**
 * The engine's own standard throttlers, after gh-ost's: {@link io.tablemover.engine.throttle.FlagFileThrottler}
 * ({@code --throttle-flag-file}), {@link io.tablemover.engine.throttle.SourceLoadThrottler} ({@code --max-load},
 * {@code --critical-load}) and {@link io.tablemover.engine.throttle.ReplicaLagThrottler}
 * ({@code --throttle-control-replicas}, {@code --max-lag-millis}). They implement the SPI's
 * {@link io.tablemover.spi.throttle.Throttler} and join plugin throttlers in the run's
 * {@link io.tablemover.engine.plugin.ThrottleGate}; one that can also stop the run implements
 * {@link io.tablemover.engine.throttle.RunAborting}.
 */
package io.tablemover.engine.throttle;
