package dev.sluice.server.kafka;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * A blocking client speaking the wire format itself, for what the Java client never sends: bad
 * frames, pipelined requests, a duplicate batch on purpose.
 */
final class RawKafkaClient implements AutoCloseable {

    final Socket socket;
    private final DataInputStream in;
    private int correlation;

    RawKafkaClient(int port) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Sends a request; returns its correlation id. */
    int send(ApiKeys key, short version, ApiMessage body) throws IOException {
        int id = ++correlation;
        var header =
                new RequestHeaderData()
                        .setRequestApiKey(key.id)
                        .setRequestApiVersion(version)
                        .setCorrelationId(id)
                        .setClientId("raw-test");
        short headerVersion = key.requestHeaderVersion(version);
        var cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        var buffer = ByteBuffer.allocate(4 + size);
        buffer.putInt(size);
        var out = new ByteBufferAccessor(buffer);
        header.write(out, cache, headerVersion);
        body.write(out, cache, version);
        sendRaw(buffer.array());
        return id;
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /**
     * Reads the next response, checking its correlation id, decoded as {@code key} v{@code
     * version}.
     */
    ApiMessage receive(ApiKeys key, short version, int expectedCorrelation) throws IOException {
        int size = in.readInt();
        var bytes = new byte[size];
        in.readFully(bytes);
        var buffer = new ByteBufferAccessor(ByteBuffer.wrap(bytes));
        var header = new ResponseHeaderData();
        header.read(buffer, key.responseHeaderVersion(version));
        if (header.correlationId() != expectedCorrelation) {
            throw new IOException(
                    "expected correlation id "
                            + expectedCorrelation
                            + ", got "
                            + header.correlationId());
        }
        var body = key.messageType.newResponse();
        body.read(buffer, version);
        return body;
    }

    ApiMessage call(ApiKeys key, short version, ApiMessage body) throws IOException {
        return receive(key, version, send(key, version, body));
    }

    /** True once the broker has closed the connection (reads end). */
    boolean closedByBroker() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
