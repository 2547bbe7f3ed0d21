package dev.sluice.server.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** A management call that cannot be done: the HTTP status and the JSON body that says why. */
final class AdminError extends RuntimeException {

    private final int status;
    private final Map<String, Object> body;

    AdminError(int status, String message) {
        this(status, message, Map.of());
    }

    AdminError(int status, String message, Map<String, Object> more) {
        super(message, null, false, false);
        this.status = status;
        var b = new LinkedHashMap<String, Object>();
        b.put("error", message);
        b.putAll(more);
        this.body = b;
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        return body;
    }

    static AdminError unknown(String name) {
        return new AdminError(
                404, "no plugin named " + name + "; GET /admin/plugins lists the loaded ones");
    }
}
