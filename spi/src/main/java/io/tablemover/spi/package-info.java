/**
 * The tablemover plugin SPI: the only API a plugin sees. A {@link io.tablemover.spi.Plugin} is
 * discovered with {@link java.util.ServiceLoader} and hands out factories of hooks
 * ({@link io.tablemover.spi.hook}), throttlers ({@link io.tablemover.spi.throttle}) and sharding
 * functions ({@link io.tablemover.spi.sharding}). See docs/plugins.md.
 */
package io.tablemover.spi;
