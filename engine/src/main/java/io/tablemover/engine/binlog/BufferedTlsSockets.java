package io.tablemover.engine.binlog;

import com.github.shyiko.mysql.binlog.network.DefaultSSLSocketFactory;
import com.github.shyiko.mysql.binlog.network.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The binlog stream's TLS sockets, with a buffered input stream. The binlog library reads its packets a byte at a
 * time ({@code ByteArrayInputStream.read()}); it buffers a plain socket, but after the TLS upgrade it reads the
 * {@link SSLSocket}'s own stream unbuffered, so each byte costs a locked call into the TLS layer: in a profile of a
 * move under 2,000 row-writes/s that was a fifth of the binlog thread's samples, the busiest thread of the tool. The
 * sockets here hand the library a {@link BufferedInputStream} (64 KiB) over the TLS stream; everything else is the
 * TLS socket's.
 *
 * <p>Trust as the library's own factories: with {@code --ssl-mode} {@code PREFERRED} or {@code REQUIRED} (like
 * Connector/J's {@code sslMode}) the channel is encrypted and the server's certificate not verified; with
 * {@code VERIFY_CA} or {@code VERIFY_IDENTITY} it is verified against the JVM's trust store (the library checks the
 * host name for {@code VERIFY_IDENTITY}).
 */
final class BufferedTlsSockets implements SSLSocketFactory {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final SSLSocketFactory tls;

    /** @param verify true: the server's certificate is checked against the JVM's trust store */
    BufferedTlsSockets(boolean verify) {
        // "TLS": the highest version both sides speak (TLSv1.3 with MySQL 8.0), as Connector/J; the library's own
        // factories ask for TLSv1.2
        this.tls = verify ? new DefaultSSLSocketFactory("TLS") : new DefaultSSLSocketFactory("TLS") {
            @Override
            protected void initSSLContext(SSLContext sc) throws GeneralSecurityException {
                sc.init(null, new TrustManager[] {new UnverifiedServer()}, null);
            }
        };
    }

    @Override
    public SSLSocket createSocket(Socket socket) throws SocketException {
        return new Buffered(tls.createSocket(socket));
    }

    /** Accepts the server's certificate chain unverified, as {@code sslMode=PREFERRED} does. */
    private static final class UnverifiedServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** A TLS socket whose input stream is buffered; every other call goes to the TLS socket. */
    private static final class Buffered extends SSLSocket {
        private final SSLSocket tls;
        private InputStream in;

        Buffered(SSLSocket tls) {
            this.tls = tls;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInputStream(tls.getInputStream(), BUFFER_BYTES);
            }
            return in;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return tls.getOutputStream();
        }

        @Override
        public void startHandshake() throws IOException {
            tls.startHandshake();
        }

        @Override
        public SSLSession getSession() {
            return tls.getSession();
        }

        @Override
        public void close() throws IOException {
            tls.close();
        }

        @Override
        public boolean isClosed() {
            return tls.isClosed();
        }

        @Override
        public boolean isConnected() {
            return tls.isConnected();
        }

        @Override
        public void shutdownInput() throws IOException {
            tls.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            tls.shutdownOutput();
        }

        @Override
        public void setSoLinger(boolean on, int linger) throws SocketException {
            tls.setSoLinger(on, linger);
        }

        @Override
        public void setSoTimeout(int timeout) throws SocketException {
            tls.setSoTimeout(timeout);
        }

        @Override
        public int getSoTimeout() throws SocketException {
            return tls.getSoTimeout();
        }

        @Override
        public InetAddress getInetAddress() {
            return tls.getInetAddress();
        }

        @Override
        public int getPort() {
            return tls.getPort();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return tls.getRemoteSocketAddress();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return tls.getEnabledCipherSuites();
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
            tls.setEnabledCipherSuites(suites);
        }

        @Override
        public String[] getSupportedProtocols() {
            return tls.getSupportedProtocols();
        }

        @Override
        public String[] getEnabledProtocols() {
            return tls.getEnabledProtocols();
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
            tls.setEnabledProtocols(protocols);
        }

        @Override
        public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
            tls.addHandshakeCompletedListener(listener);
        }

        @Override
        public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
            tls.removeHandshakeCompletedListener(listener);
        }

        @Override
        public void setUseClientMode(boolean mode) {
            tls.setUseClientMode(mode);
        }

        @Override
        public boolean getUseClientMode() {
            return tls.getUseClientMode();
        }

        @Override
        public void setNeedClientAuth(boolean need) {
            tls.setNeedClientAuth(need);
        }

        @Override
        public boolean getNeedClientAuth() {
            return tls.getNeedClientAuth();
        }

        @Override
        public void setWantClientAuth(boolean want) {
            tls.setWantClientAuth(want);
        }

        @Override
        public boolean getWantClientAuth() {
            return tls.getWantClientAuth();
        }

        @Override
        public void setEnableSessionCreation(boolean flag) {
            tls.setEnableSessionCreation(flag);
        }

        @Override
        public boolean getEnableSessionCreation() {
            return tls.getEnableSessionCreation();
        }
    }
}
