/**
 * The engine's own standard throttlers (today {@link io.tablemover.engine.throttle.FlagFileThrottler}); they
 * implement the SPI's {@link io.tablemover.spi.throttle.Throttler} and join plugin throttlers in the run's
 * {@link io.tablemover.engine.plugin.ThrottleGate}.
 */
package io.tablemover.engine.throttle;
