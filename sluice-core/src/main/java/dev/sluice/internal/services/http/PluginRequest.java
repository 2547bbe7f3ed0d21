package dev.sluice.internal.services.http;

import java.util.List;

/** An outgoing request as a plugin asks for it, before anything is checked. */
public record PluginRequest(String method, String url, List<HttpHeader> headers, byte[] body) {

    public PluginRequest {
        headers = List.copyOf(headers);
    }
}
