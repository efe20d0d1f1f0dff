package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.ADMIN_TOKEN;
import static io.darkroom.e2e.Darkroom.auth;

import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

/** API keys for the tests, made through the admin API as an operator would. */
final class ApiKeys {

    private ApiKeys() {
    }

    /**
     * A new key of its own (a tenant with no jobs, batches, files or webhooks yet).
     *
     * @param id     its id, which owns what it creates
     * @param secret the bearer secret
     */
    record Key(String id, String secret) {
    }

    /** Creates a key named {@code name}. */
    static Key create(Darkroom darkroom, String name) {
        HttpResponse<String> created = darkroom.post("/admin/keys", "{\"name\": \"" + name + "\"}", auth(ADMIN_TOKEN));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Could not create a key: " + created.statusCode() + " " + created.body());
        }
        JsonNode body = darkroom.json(created);
        return new Key(body.get("id").asString(), body.get("secret").asString());
    }
}
