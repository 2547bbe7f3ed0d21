package dev.sluice.internal.services.http;

import dev.sluice.plugin.HttpClientLimits;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request and its response over a connection made to an address already checked
 * ({@link AddressRule}), one connection per request ({@code Connection: close}).
 *
 * <p>Why not {@code java.net.http.HttpClient}: on Java 17 it resolves the URL's host itself and has
 * no hook for a resolver or a socket, so it cannot be made to connect to the address that was
 * checked while sending the name as {@code Host}, as TLS SNI and as the name the certificate must
 * match. A second resolution could return another address (DNS rebinding). Here the socket goes to
 * the checked address, and for https the TLS layer (the JDK's, with the JVM's trust store unless
 * {@link PluginHttp#useTls} set another context) is told the name: SNI and certificate checking
 * ({@code HTTPS} endpoint identification) are done against it.
 */
final class Http1Exchange {

    private final HttpClientLimits limits;
    private final SSLContext tls;
    private final TimeBudget budget;
    private long sent;
    private long received;

    Http1Exchange(HttpClientLimits limits, SSLContext tls, TimeBudget budget) {
        this.limits = limits;
        this.tls = tls;
        this.budget = budget;
    }

    long sentBytes() {
        return sent;
    }

    long receivedBytes() {
        return received;
    }

    PluginResponse run(
            HttpTarget target,
            InetAddress address,
            String method,
            List<HttpHeader> headers,
            byte[] body)
            throws HttpFailure {
        try (Socket socket = connect(target, address)) {
            var out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            byte[] head = head(target, method, headers, body).getBytes(StandardCharsets.ISO_8859_1);
            out.write(head);
            out.write(body);
            out.flush();
            sent += head.length + body.length;
            var in = new ResponseReader(new TimedInput(socket), limits, target.hostPort());
            var response = in.read(method.equals("HEAD"));
            received += in.bytesRead();
            return response;
        } catch (SocketTimeoutException e) {
            throw budget.expired();
        } catch (SSLException e) {
            throw new HttpFailure(
                    "tls", "TLS with " + target.hostPort() + " failed: " + e.getMessage());
        } catch (IOException e) {
            throw new HttpFailure("io", "the connection to " + target.hostPort() + " failed: " + e);
        }
    }

    private Socket connect(HttpTarget target, InetAddress address) throws IOException, HttpFailure {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address, target.port()), budget.millisLeft());
        } catch (SocketTimeoutException e) {
            socket.close();
            throw budget.expired();
        } catch (IOException e) {
            socket.close();
            throw new HttpFailure(
                    "connect",
                    "could not connect to "
                            + target.hostPort()
                            + " ("
                            + address.getHostAddress()
                            + "): "
                            + e.getMessage());
        }
        if (!target.tls()) {
            return socket;
        }
        var ssl =
                (SSLSocket)
                        tls.getSocketFactory()
                                .createSocket(socket, peerName(target), target.port(), true);
        var params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!target.literal()) {
            params.setServerNames(List.of(new SNIHostName(target.host())));
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(budget.millisLeft());
        ssl.startHandshake();
        return ssl;
    }

    /** The name the certificate must match: the host, an IPv6 address without its brackets. */
    private static String peerName(HttpTarget target) {
        String host = target.host();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static String head(
            HttpTarget target, String method, List<HttpHeader> headers, byte[] body) {
        var head = new StringBuilder(256);
        head.append(method).append(' ').append(target.pathAndQuery()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(target.hostHeader()).append("\r\n");
        for (var h : headers) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        if (body.length > 0 || !(method.equals("GET") || method.equals("HEAD"))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString();
    }

    /** The socket's input, each read bounded by the time the request has left. */
    private final class TimedInput extends InputStream {
        private final Socket socket;
        private final InputStream in;

        TimedInput(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                socket.setSoTimeout(budget.millisLeft());
            } catch (HttpFailure e) {
                throw new SocketTimeoutException(e.getMessage());
            }
            return in.read(b, off, len);
        }
    }
}
