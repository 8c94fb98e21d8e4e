/**
 * The interactive command channel of a running move, after gh-ost's interactive commands: a
 * {@link io.tablemover.engine.command.CommandServer} listens on a unix domain socket
 * ({@code --serve-socket-file}) and/or on a TCP port of 127.0.0.1 ({@code --serve-tcp-port}), reads one
 * command line per connection ({@link io.tablemover.engine.command.Command}), lets the run's
 * {@link io.tablemover.engine.command.RunControl} execute it, writes the reply and closes the connection.
 * Every received command also fires the {@code interactive-command} hook event.
 */
package io.tablemover.engine.command;
