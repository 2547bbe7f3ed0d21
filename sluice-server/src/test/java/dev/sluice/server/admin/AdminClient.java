package dev.sluice.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** Calls the management API of a server on the loopback, as a client would. */
final class AdminClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: its status and its body as JSON. */
    record Answer(int status, JsonNode body) {}

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final String token;

    AdminClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    AdminClient withToken(String other) {
        return new AdminClient(port, other);
    }

    Answer get(String path) throws Exception {
        return send(request(path).GET());
    }

    Answer post(String path) throws Exception {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Answer postJson(String path, String json) throws Exception {
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer delete(String path) throws Exception {
        return send(request(path).DELETE());
    }

    Answer putJson(String path, String json) throws Exception {
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer upload(String name, Path file) throws Exception {
        return upload(name, Files.readAllBytes(file));
    }

    Answer upload(String name, byte[] bytes) throws Exception {
        return send(
                request("/admin/plugins/" + name)
                        .header("Content-Type", "application/wasm")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private HttpRequest.Builder request(String path) {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Answer send(HttpRequest.Builder request) throws Exception {
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Answer(
                response.statusCode(), body.isEmpty() ? JSON.nullNode() : JSON.readTree(body));
    }
}
