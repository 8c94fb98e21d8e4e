/** Throttlers: tell the engine to pause the row copy and the binlog apply. */
package io.tablemover.spi.throttle;
