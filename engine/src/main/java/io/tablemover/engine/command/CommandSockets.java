package io.tablemover.engine.command;

import io.tablemover.engine.config.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of the {@link CommandServer}: binding a unix domain socket file (replacing a stale one, refusing a
 * live one) or a TCP port of 127.0.0.1, and reading a client's one command line. Every failure to bind is one line
 * of invalid input naming the option and the fix.
 */
final class CommandSockets {
    private static final Logger log = LoggerFactory.getLogger(CommandSockets.class);

    private CommandSockets() {}

    /** @return a channel bound to the socket file {@code path} */
    static ServerSocketChannel bindUnix(Path path) {
        String option = "--serve-socket-file " + path;
        replaceStale(path, option);
        ServerSocketChannel channel;
        try {
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException | UnsupportedOperationException e) {
            throw new InvalidInputException(option + ": unix domain sockets are not available here (" + e.getMessage()
                    + "); use --serve-tcp-port instead");
        }
        try {
            channel.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            Path parent = path.toAbsolutePath().getParent();
            String why = parent != null && !Files.isDirectory(parent) ? "the folder " + parent + " does not exist"
                    : String.valueOf(e.getMessage());
            throw new InvalidInputException(option + ": cannot create the socket: " + why
                    + "; choose another path (unix socket paths are limited to about 100 bytes), e.g. /tmp/tablemover.sock");
        }
        return channel;
    }

    /** @return a channel bound to 127.0.0.1:{@code port} (0: any free port) */
    static ServerSocketChannel bindTcp(int port) {
        String option = "--serve-tcp-port " + port;
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new InvalidInputException(option + ": cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + "; choose another port");
        }
        return channel;
    }

    /** Removes a socket file nobody listens on; refuses a live one or a file that is not a socket. */
    private static void replaceStale(Path path, String option) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return; // no such file
        }
        if (!attributes.isOther()) {
            throw new InvalidInputException(option + ": the file exists and is not a socket; remove it or choose another path");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException refused) {
            try {
                Files.delete(path);
                log.info("removed the stale socket file {} (nothing listened on it)", path);
                return;
            } catch (IOException e) {
                throw new InvalidInputException(option + ": cannot remove the stale socket file: " + e
                        + "; remove it by hand or choose another path");
            }
        }
        throw new InvalidInputException(option + ": another process serves commands on this socket (a running"
                + " tablemover?); stop it, or choose another path");
    }

    /** @return the first line (without its line break), or empty if the client sent nothing at all */
    static Optional<String> readLine(SocketChannel client) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(512);
        boolean any = false;
        while (line.size() <= Command.MAX_LENGTH * 4) {
            buffer.clear();
            int n = client.read(buffer);
            if (n < 0) {
                break;
            }
            any = true;
            for (int i = 0; i < n; i++) {
                byte b = buffer.get(i);
                if (b == '\n') {
                    return Optional.of(text(line));
                }
                line.write(b);
            }
        }
        return any ? Optional.of(text(line)) : Optional.empty();
    }

    private static String text(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Closes {@code c} (null allowed), ignoring what closing throws. */
    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
