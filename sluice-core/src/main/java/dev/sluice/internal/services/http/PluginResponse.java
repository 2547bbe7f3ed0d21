package dev.sluice.internal.services.http;

import java.util.List;

/** The answer a plugin gets: the last response after any redirects were followed. */
public record PluginResponse(int status, List<HttpHeader> headers, byte[] body) {

    public PluginResponse {
        headers = List.copyOf(headers);
    }
}
