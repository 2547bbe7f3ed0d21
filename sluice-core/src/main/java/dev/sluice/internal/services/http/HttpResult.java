package dev.sluice.internal.services.http;

/**
 * What a plugin's request came to: a response (of any status), or an error message saying what was
 * refused or went wrong and what to do. A call whose deadline passed is neither: it throws the
 * timeout, and the instance is discarded as for any timeout.
 */
public sealed interface HttpResult {

    record Ok(PluginResponse response) implements HttpResult {}

    /** Why a request came to nothing; OurChat's {@code http_request} answers each with a code. */
    enum Failure {
        /** The request itself is malformed (method, URL, a header): the plugin's bug. */
        INVALID,
        /**
         * Not granted: no {@code http} permission, or a host or address the grant does not cover.
         */
        REFUSED,
        /** It was tried and failed: connecting, TLS, the server's answer, a limit, a timeout. */
        FAILED
    }

    record Err(Failure failure, String message) implements HttpResult {}
}
