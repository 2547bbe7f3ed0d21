package dev.sluice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.Fixtures;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the routes the server registers under /admin cannot drift: each names
 * exactly the other's (method, path) pairs, and the served copy is docs/admin-api.json.
 */
class OpenApiDocumentTest {

    static Set<String> documented(byte[] document) throws Exception {
        var paths = new ObjectMapper().readTree(document).get("paths");
        var all = new HashSet<String>();
        for (var path : paths.properties()) {
            for (var method : path.getValue().properties()) {
                all.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }
        return all;
    }

    static Set<String> registered() {
        var all = new HashSet<String>();
        AdminApi.ROUTES.forEach(r -> all.add(r.method().name() + " " + r.path()));
        return all;
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndViceVersa() throws Exception {
        assertThat(documented(AdminApi.openApiDocument()))
                .containsExactlyInAnyOrderElementsOf(registered());
    }

    @Test
    void theServedDocumentIsTheOneInDocs() throws Exception {
        var docs = Fixtures.repositoryRoot().resolve("docs").resolve("admin-api.json");
        assertThat(AdminApi.openApiDocument()).isEqualTo(Files.readAllBytes(docs));
    }
}
