package dev.sluice.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * A running server's management API, as the {@code sluice plugins} commands call it. The token is
 * {@code --token-file}'s, else {@code SLUICE_ADMIN_TOKEN}, else {@code data/admin.token} (the
 * server's default with the default {@code data_dir}, relative to the working folder).
 */
final class AdminConnection {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DEFAULT_TOKEN_FILE = Path.of("data", "admin.token");

    /** What a call failed with, worded for the person at the terminal. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI server;
    private final String token;

    private AdminConnection(URI server, String token) {
        this.server = server;
        this.token = token;
    }

    static AdminConnection open(String server, Path tokenFile, Function<String, String> env) {
        URI uri;
        try {
            uri = URI.create(server.endsWith("/") ? server : server + "/");
        } catch (IllegalArgumentException e) {
            throw new Failure("--server " + server + " is not a URL (e.g. http://127.0.0.1:30005)");
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
            throw new Failure("--server " + server + " is not an http:// or https:// URL");
        }
        return new AdminConnection(uri, token(tokenFile, env));
    }

    private static String token(Path tokenFile, Function<String, String> env) {
        if (tokenFile == null) {
            String fromEnv = env.apply("SLUICE_ADMIN_TOKEN");
            if (fromEnv != null && !fromEnv.isBlank()) {
                return fromEnv.strip();
            }
        }
        Path file = Optional.ofNullable(tokenFile).orElse(DEFAULT_TOKEN_FILE);
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new Failure(
                    "no admin token: cannot read "
                            + file
                            + " ("
                            + e.getClass().getSimpleName()
                            + "). Pass --token-file (the server's admin.token_file, by default"
                            + " data_dir/admin.token) or set SLUICE_ADMIN_TOKEN");
        }
    }

    JsonNode get(String path) {
        return send(request(path).GET(), path);
    }

    JsonNode post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()), path);
    }

    /** A call with a JSON body. */
    JsonNode post(String path, Object body) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("a request body always serialises", e);
        }
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                path);
    }

    JsonNode delete(String path) {
        return send(request(path).DELETE(), path);
    }

    JsonNode put(String path, Path file) {
        try {
            return send(
                    request(path)
                            .header("Content-Type", "application/wasm")
                            .PUT(HttpRequest.BodyPublishers.ofFile(file)),
                    path);
        } catch (java.io.FileNotFoundException e) {
            throw new Failure("cannot read " + file + ": no such file");
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.resolve(path.substring(1)))
                .timeout(Duration.ofMinutes(2)) // a large plugin can take a while to compile
                .header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest.Builder request, String path) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Failure(
                    "cannot reach the Sluice server at "
                            + server
                            + " (connection refused); is it running, and is --server right?");
        } catch (HttpTimeoutException e) {
            throw new Failure("the Sluice server at " + server + " did not answer in time");
        } catch (IOException e) {
            throw new Failure("cannot talk to the Sluice server at " + server + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
        JsonNode body;
        try {
            body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Failure(
                    server
                            + " answered "
                            + response.statusCode()
                            + " with something that is not JSON; is it a Sluice server?");
        }
        int status = response.statusCode();
        if (status < 300) {
            return body;
        }
        String error = body.path("error").asText("(no reason given)");
        throw new Failure(
                switch (status) {
                    case 401 ->
                            "the server refused the admin token (401): check --token-file or"
                                    + " SLUICE_ADMIN_TOKEN against the server's admin.token_file";
                    case 404 -> error;
                    case 413 -> "too large (413): " + error;
                    case 422 ->
                            "rejected ("
                                    + body.path("phase").asText("load")
                                    + "): "
                                    + error
                                    + (body.path("kept").isTextual()
                                            ? "\nthe running version (sha256 "
                                                    + body.get("kept").asText().substring(0, 12)
                                                    + ") keeps serving"
                                            : "");
                    default ->
                            body.path("phase").isTextual()
                                    ? "refused (" + body.get("phase").asText() + "): " + error
                                    : path + " failed (" + status + "): " + error;
                });
    }
}
