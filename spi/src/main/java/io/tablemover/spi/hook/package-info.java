/** Hooks: callbacks at the points of a run's life cycle ({@link io.tablemover.spi.hook.HookEventType}). */
package io.tablemover.spi.hook;
