package io.tablemover.engine.cli;

import java.util.concurrent.Callable;

/**
 * A {@code tablemover} subcommand that lives outside the engine, such as {@code demo} (module {@code demo}).
 * {@link Main} finds every implementation on the class path with {@link java.util.ServiceLoader} and adds it after
 * {@code move}, {@code status}, {@code cancel}, {@code verify}, {@code revert}, {@code complete} and {@code plugins}. An implementation is a picocli {@code @Command} class with a
 * public no-arg constructor, listed in {@code META-INF/services/io.tablemover.engine.cli.Subcommand}; its
 * {@link #call()} returns the process exit code (see {@link io.tablemover.engine.error.ExitCode}).
 */
public interface Subcommand extends Callable<Integer> {
}
