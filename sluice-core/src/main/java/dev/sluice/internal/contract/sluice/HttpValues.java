package dev.sluice.internal.contract.sluice;

import dev.sluice.component.ResultValue;
import dev.sluice.internal.services.http.HttpHeader;
import dev.sluice.internal.services.http.HttpResult;
import dev.sluice.internal.services.http.PluginRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code http} interface's request and response as the world's generic values. */
final class HttpValues {

    private HttpValues() {}

    /** {@code record request { method, url, headers: list<tuple<string, string>>, body }}. */
    static PluginRequest request(Object value) {
        var map = (Map<?, ?>) value;
        var headers = new ArrayList<HttpHeader>();
        for (var h : (List<?>) map.get("headers")) {
            var pair = (List<?>) h;
            headers.add(new HttpHeader((String) pair.get(0), (String) pair.get(1)));
        }
        return new PluginRequest(
                (String) map.get("method"),
                (String) map.get("url"),
                headers,
                (byte[]) map.get("body"));
    }

    /** {@code result<response, string>}. */
    static ResultValue result(HttpResult result) {
        if (result instanceof HttpResult.Ok ok) {
            var response = new LinkedHashMap<String, Object>(4);
            response.put("status", ok.response().status());
            response.put(
                    "headers",
                    ok.response().headers().stream()
                            .map(h -> List.of(h.name(), h.value()))
                            .toList());
            response.put("body", ok.response().body());
            return ResultValue.ok(response);
        }
        return ResultValue.err(((HttpResult.Err) result).message());
    }
}
