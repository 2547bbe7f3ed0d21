package dev.sluice.server.kafka;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.RequestHeader;

/** Encodes responses with kafka-clients' message classes: size prefix, header, body. */
final class RequestCodec {

    private RequestCodec() {}

    /**
     * The response frame for a request: the body at the request's version, behind the response
     * header version that API and version use (ApiVersions' is always 0).
     */
    static ByteBuffer encode(RequestHeader request, ApiMessage body, short version) {
        short headerVersion = request.apiKey().responseHeaderVersion(version);
        var header = new ResponseHeaderData().setCorrelationId(request.correlationId());
        var cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        var buffer = ByteBuffer.allocate(4 + size);
        buffer.putInt(size);
        var out = new ByteBufferAccessor(buffer);
        header.write(out, cache, headerVersion);
        body.write(out, cache, version);
        buffer.flip();
        return buffer;
    }
}
