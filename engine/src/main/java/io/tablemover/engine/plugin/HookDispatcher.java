package io.tablemover.engine.plugin;

import io.tablemover.spi.hook.Hook;
import io.tablemover.spi.hook.HookEvent;
import io.tablemover.spi.hook.HookException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires hook events at the run's hooks, in the order given, one event at a time, and applies the
 * SPI's failure rules:
 * <ul>
 *   <li>a {@link HookException} is logged (warn) and reported in the outcome; at a vetoable event
 *       ({@code before-cut-over}) one with {@link HookException#veto()} makes the outcome
 *       {@linkplain HookOutcome#vetoed() vetoed} and the remaining hooks are skipped;</li>
 *   <li>an unchecked exception or linkage error (a plugin bug) is logged with its stack trace and
 *       reported in the outcome; at a vetoable event it vetoes too (fail safe).</li>
 * </ul>
 * The caller decides what a veto means (abort the cutover before the source is touched).
 *
 * <p>Each hook runs ({@link Hook#handle}, {@link Hook#close}) with its plugin's class loader as the thread's
 * context class loader ({@link ThreadContextClassLoader}).
 *
 * <p>Thread-safe: {@link #fire} is synchronized, so hooks are never called concurrently (the run
 * thread and the status thread may both fire). {@code fire} blocks for as long as the hooks run.
 */
public final class HookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HookDispatcher.class);

    private final Map<String, Hook> hooks;
    private final Map<String, ClassLoader> loaders = new LinkedHashMap<>();

    /**
     * Hooks that each run with the class loader of their own class as context class loader (for a plugin's hook,
     * the loader of the plugin that defined that class).
     *
     * @param hooks the run's hooks by the name to show in messages (e.g. the factory name
     *     {@code "shell"}), in firing order; the dispatcher owns them and closes them
     */
    public HookDispatcher(Map<String, Hook> hooks) {
        this(hooks, Map.of());
    }

    /**
     * @param hooks the run's hooks by the name to show in messages (e.g. the factory name
     *     {@code "shell"}), in firing order; the dispatcher owns them and closes them
     * @param loaders by the same names, the class loader of the plugin each hook came from
     *     ({@link PluginRegistry#hookLoader}); a hook not named here gets the loader of its class
     * @throws NullPointerException if a hook or a loader is null
     */
    public HookDispatcher(Map<String, Hook> hooks, Map<String, ClassLoader> loaders) {
        this.hooks = new LinkedHashMap<>(hooks);
        this.hooks.forEach((name, hook) -> this.loaders.put(name, Objects.requireNonNull(
                loaders.containsKey(name) ? loaders.get(name) : ThreadContextClassLoader.definingLoader(hook),
                "class loader of hook " + name)));
    }

    /** @return a dispatcher without hooks: every event succeeds at once */
    public static HookDispatcher none() {
        return new HookDispatcher(Map.of());
    }

    /**
     * Calls every hook with {@code event}, in order.
     *
     * @return which hooks failed and whether the run must stop (only at {@code before-cut-over})
     */
    public synchronized HookOutcome fire(HookEvent event) {
        List<String> failures = new ArrayList<>();
        boolean vetoed = false;
        for (Map.Entry<String, Hook> h : hooks.entrySet()) {
            String failure;
            boolean veto;
            try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loaders.get(h.getKey()))) {
                h.getValue().handle(event);
                continue;
            } catch (HookException e) {
                failure = h.getKey() + ": " + e.getMessage();
                veto = e.veto();
                log.warn("hook {} failed at {}{}: {}", h.getKey(), event.type(),
                        veto && event.type().vetoable() ? " and vetoes" : "", e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                failure = h.getKey() + ": unexpected " + e;
                veto = true;
                log.error("hook {} failed unexpectedly at {} (a plugin bug)", h.getKey(), event.type(), e);
            }
            failures.add(failure);
            if (veto && event.type().vetoable()) {
                vetoed = true;
                break;
            }
        }
        return new HookOutcome(event.type(), failures, vetoed);
    }

    /** Closes every hook; errors are logged. */
    @Override
    public synchronized void close() {
        for (Map.Entry<String, Hook> h : hooks.entrySet()) {
            try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(loaders.get(h.getKey()))) {
                h.getValue().close();
            } catch (RuntimeException e) {
                log.warn("hook {} failed to close: {}", h.getKey(), e.toString());
            }
        }
    }
}
