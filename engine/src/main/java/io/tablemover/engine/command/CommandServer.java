package io.tablemover.engine.command;

import io.tablemover.engine.config.InvalidInputException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a run's interactive commands, like gh-ost's {@code --serve-socket-file} and {@code --serve-tcp-port}:
 * on a unix domain socket and/or a TCP port of 127.0.0.1 (never another address). Protocol: the client
 * connects, sends one command line (ended by a line break or by closing its side), gets the reply (text ending
 * with a line break) and the server closes the connection. E.g. {@code echo status | nc -U /tmp/tm.sock}.
 *
 * <p>After the reply, the command is {@linkplain RunControl#announce announced} (the
 * {@code interactive-command} hook event), on one thread, in the order received, so that a slow hook delays
 * neither the reply nor the next command.
 *
 * <p>The socket file is created readable and writable by its owner only, and removed by {@link #close()}
 * (and by a JVM shutdown hook if the process stops without closing). An existing socket file that nobody
 * listens on (left by a process that died) is replaced; one a process still listens on is refused.
 *
 * <p>A connection that sends no complete line within {@value #READ_TIMEOUT_SECONDS} s is closed without a reply.
 * Thread-safe; owns its threads (daemons), stopped by {@link #close()}.
 */
public final class CommandServer implements AutoCloseable {
    /** Seconds a client may take to send its command line. */
    public static final int READ_TIMEOUT_SECONDS = 10;

    private static final Logger log = LoggerFactory.getLogger(CommandServer.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final RunControl control;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService connections = Executors.newFixedThreadPool(4, daemon("tablemover-command"));
    private final ExecutorService announcer = Executors.newSingleThreadExecutor(daemon("tablemover-command-hook"));
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(daemon("tablemover-command-timeout"));
    private Optional<Path> socketFile = Optional.empty();
    private OptionalInt tcpPort = OptionalInt.empty();
    private Thread cleanup;
    private volatile boolean closed;

    private CommandServer(RunControl control) {
        this.control = control;
    }

    /**
     * Starts listening. Called at start-up, before any server is contacted.
     *
     * @param socketFile {@code --serve-socket-file}: the unix domain socket to create; empty for none
     * @param tcpPort {@code --serve-tcp-port}: the port to listen on at 127.0.0.1 (1..65535); empty for none
     * @param control what the commands act on
     * @return the running server; the caller closes it
     * @throws InvalidInputException one line naming the option, the path or port and the fix: the socket file
     *     is served by a live process, exists and is not a socket, its path is too long or its folder missing, or
     *     the port is taken
     */
    public static CommandServer open(Optional<Path> socketFile, OptionalInt tcpPort, RunControl control) {
        CommandServer server = new CommandServer(control);
        try {
            if (socketFile.isPresent()) {
                server.listenUnix(socketFile.get());
            }
            if (tcpPort.isPresent()) {
                server.listenTcp(tcpPort.getAsInt());
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** @return the socket file served, if any */
    public Optional<Path> socketFile() {
        return socketFile;
    }

    /** @return the TCP port listened on at 127.0.0.1, if any */
    public OptionalInt tcpPort() {
        return tcpPort;
    }

    private void listenUnix(Path path) {
        ServerSocketChannel channel = CommandSockets.bindUnix(path);
        socketFile = Optional.of(path);
        listeners.add(channel);
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("could not restrict {} to its owner: {}", path, e.toString());
        }
        cleanup = new Thread(() -> deleteQuietly(path), "tablemover-command-socket-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        accept(channel, "unix socket " + path);
        log.info("serving interactive commands on unix socket {} (e.g. echo help | nc -U {})", path, path);
    }

    private void listenTcp(int port) {
        ServerSocketChannel channel = CommandSockets.bindTcp(port);
        tcpPort = OptionalInt.of(((InetSocketAddress) localAddress(channel)).getPort());
        listeners.add(channel);
        accept(channel, "127.0.0.1:" + tcpPort.getAsInt());
        log.info("serving interactive commands on 127.0.0.1:{} (e.g. echo help | nc 127.0.0.1 {})", tcpPort.getAsInt(),
                tcpPort.getAsInt());
    }

    private static java.net.SocketAddress localAddress(ServerSocketChannel channel) {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void accept(ServerSocketChannel channel, String where) {
        Thread t = new Thread(() -> {
            while (!closed) {
                SocketChannel client;
                try {
                    client = channel.accept();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                    log.warn("accepting a command connection on {} failed: {}", where, e.toString());
                    sleepQuietly();
                    continue;
                }
                open.add(client);
                try {
                    connections.execute(() -> serve(client));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    closeClient(client); // closing
                }
            }
        }, "tablemover-command-accept-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.start();
    }

    private void serve(SocketChannel client) {
        ScheduledFuture<?> timeout = timeouts.schedule(() -> closeClient(client), READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
            Optional<String> line = CommandSockets.readLine(client);
            if (line.isEmpty()) {
                return; // connected and left without a word (e.g. a liveness probe)
            }
            String reply = control.handle(line.get());
            timeout.cancel(false);
            ByteBuffer out = ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                client.write(out);
            }
            if (!line.get().isBlank()) {
                // queued before the connection closes: the client's next command is announced after this one
                announcer.execute(() -> control.announce(line.get()));
            }
            closeClient(client);
        } catch (IOException e) {
            log.debug("command connection failed: {}", e.toString());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("command received while closing; not announced");
        } catch (RuntimeException e) {
            log.warn("handling an interactive command failed", e);
        } finally {
            timeout.cancel(false);
            closeClient(client);
        }
    }

    private void closeClient(SocketChannel client) {
        open.remove(client);
        CommandSockets.closeQuietly(client);
    }

    /** Stops listening, closes open connections, removes the socket file and stops the threads; never throws. */
    @Override
    public void close() {
        closed = true;
        listeners.forEach(CommandSockets::closeQuietly);
        open.forEach(this::closeClient);
        connections.shutdownNow();
        announcer.shutdown();
        timeouts.shutdownNow();
        try {
            // let a queued interactive-command event reach the hooks before they are closed
            announcer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socketFile.ifPresent(CommandServer::deleteQuietly);
        if (cleanup != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("could not remove the socket file {}: {}", path, e.toString());
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
