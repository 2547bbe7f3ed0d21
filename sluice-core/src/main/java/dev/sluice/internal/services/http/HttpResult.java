package dev.sluice.internal.services.http;

/**
 * What a plugin's request came to: a response (of any status), or an error message saying what was
 * refused or went wrong and what to do. A call whose deadline passed is neither: it throws the
 * timeout, and the instance is discarded as for any timeout.
 */
public sealed interface HttpResult {

    record Ok(PluginResponse response) implements HttpResult {}

    record Err(String message) implements HttpResult {}
}
