package io.tablemover.engine.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tablemover.engine.config.InvalidInputException;
import io.tablemover.engine.throttle.UserCommandThrottler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandServerTest {
    @TempDir
    Path temp;

    private final RunControl control = new RunControl(new UserCommandThrottler());

    /** Sends one line like {@code echo LINE | nc}, returns the whole reply. */
    static String send(SocketAddress address, String line) throws IOException {
        try (SocketChannel c = SocketChannel.open(address)) {
            c.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            c.shutdownOutput();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (c.read(buffer) >= 0) {
                if (!buffer.hasRemaining()) {
                    buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
                }
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void servesOneCommandPerConnectionOnTheSocketAndRemovesItOnClose() throws Exception {
        Path socket = temp.resolve("tm.sock");
        List<String> announced = new CopyOnWriteArrayList<>();
        control.attach(Optional.empty(), announced::add);
        try (CommandServer server = CommandServer.open(Optional.of(socket), OptionalInt.empty(), control)) {
            assertEquals(Optional.of(socket), server.socketFile());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
            assertEquals("validate | no progress yet\n", send(address, "status"));
            assertEquals("throttled by user command: the row copy and the binlog apply pause; send no-throttle to resume\n",
                    send(address, "throttle"));
            assertTrue(control.throttler().throttled());
            assertTrue(send(address, "nonsense").startsWith("error: unknown command 'nonsense'; commands: help,"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (announced.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of("status", "throttle", "nonsense"), announced);
        }
        assertFalse(Files.exists(socket), "socket file removed on close");
    }

    @Test
    void aStaleSocketIsReplacedALiveOneRefused() throws Exception {
        Path socket = temp.resolve("stale.sock");
        // a socket file nobody listens on any more: a process that died
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close();
        assertTrue(Files.exists(socket));
        try (CommandServer server = CommandServer.open(Optional.of(socket), OptionalInt.empty(), control)) {
            assertEquals("validate | no progress yet\n", send(UnixDomainSocketAddress.of(socket), "sup"));
            // a second tablemover on the same path: refused, the first one keeps serving
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> CommandServer.open(Optional.of(socket), OptionalInt.empty(), control));
            assertEquals("--serve-socket-file " + socket + ": another process serves commands on this socket (a running"
                    + " tablemover?); stop it, or choose another path", e.getMessage());
            assertEquals("validate | no progress yet\n", send(UnixDomainSocketAddress.of(socket), "sup"));
        }
    }

    @Test
    void aRegularFileOrAMissingFolderIsRefused() throws Exception {
        Path file = Files.writeString(temp.resolve("notes.txt"), "keep me");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CommandServer.open(Optional.of(file), OptionalInt.empty(), control));
        assertEquals("--serve-socket-file " + file + ": the file exists and is not a socket; remove it or choose another path",
                e.getMessage());
        assertEquals("keep me", Files.readString(file));
        Path missing = temp.resolve("no-such-folder").resolve("tm.sock");
        e = assertThrows(InvalidInputException.class, () -> CommandServer.open(Optional.of(missing), OptionalInt.empty(), control));
        assertTrue(e.getMessage().startsWith("--serve-socket-file " + missing + ": cannot create the socket: the folder "
                + missing.getParent() + " does not exist"), e.getMessage());
    }

    @Test
    void servesOnALoopbackTcpPortAndRefusesATakenOne() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        try (CommandServer server = CommandServer.open(Optional.empty(), OptionalInt.of(port), control)) {
            assertEquals(OptionalInt.of(port), server.tcpPort());
            assertTrue(send(new InetSocketAddress("127.0.0.1", port), "help").startsWith("commands (one per connection"));
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> CommandServer.open(Optional.empty(), OptionalInt.of(port), control));
            assertTrue(e.getMessage().startsWith("--serve-tcp-port " + port + ": cannot listen on 127.0.0.1:" + port + ": "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("; choose another port"), e.getMessage());
        }
    }
}
