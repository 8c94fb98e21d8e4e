/**
 * Loads plugins and hands their components to the run: {@link io.tablemover.engine.plugin.PluginLoader}
 * (one isolated class loader per folder under {@code plugins/}), {@link io.tablemover.engine.plugin.PluginRegistry}
 * (factories by name), {@link io.tablemover.engine.plugin.HookDispatcher} (fires hook events, veto semantics) and
 * {@link io.tablemover.engine.plugin.ThrottleGate} (combines throttlers, rate-limits their checks). See docs/plugins.md.
 */
package io.tablemover.engine.plugin;
