package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.ADMIN_TOKEN;
import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TenancyIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void anotherKeySeesNoneOfMyJobs() {
        String otherKey = createKey("other tenant");
        String jobId = darkroom.json(darkroom.post("/v1/images/generations",
                "{\"prompt\": \"mine\", \"size\": \"256x256\"}", auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();

        HttpResponse<String> theirs = darkroom.get("/v1/jobs/" + jobId, auth(otherKey));
        HttpResponse<String> mine = darkroom.get("/v1/jobs/" + jobId, auth(DEV_KEY));

        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(darkroom.json(theirs).get("error").get("code").asString()).isEqualTo("job_not_found");
        assertThat(mine.statusCode()).isEqualTo(200);
    }

    @Test
    void missingOrWrongKeyIsRefusedWith401() {
        HttpResponse<String> missing = darkroom.post("/v1/images/generations", "{\"prompt\": \"x\"}");
        HttpResponse<String> wrong = darkroom.post("/v1/images/generations", "{\"prompt\": \"x\"}", auth("dr_not_a_real_key"));

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(darkroom.json(missing).get("error").get("code").asString()).isEqualTo("missing_api_key");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(darkroom.json(wrong).get("error").get("code").asString()).isEqualTo("invalid_api_key");
    }

    @Test
    void revokedKeyStopsWorkingAtOnce() {
        String key = createKey("short-lived");
        assertThat(darkroom.get("/v1/jobs/job_none", auth(key)).statusCode()).isEqualTo(404);
        String keyId = darkroom.json(darkroom.get("/admin/keys", auth(ADMIN_TOKEN))).get("data").valueStream()
                .filter(listed -> listed.get("name").asString().equals("short-lived")).findFirst().orElseThrow()
                .get("id").asString();

        HttpResponse<String> revoked = darkroom.send("DELETE", "/admin/keys/" + keyId, auth(ADMIN_TOKEN));

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(darkroom.get("/v1/jobs/job_none", auth(key)).statusCode()).isEqualTo(401);
    }

    @Test
    void aKeyRevokedThroughOneApiInstanceIsRefusedByAnotherThatKnewIt() {
        String key = createKey("known-elsewhere");
        try (org.springframework.context.ConfigurableApplicationContext replica = darkroom.anotherApi()) {
            String onReplica = Darkroom.baseUrlOf(replica) + "/v1/jobs/job_none";
            assertThat(darkroom.get(onReplica, auth(key)).statusCode()).as("the replica now knows the key").isEqualTo(404);
            String keyId = darkroom.json(darkroom.get("/admin/keys", auth(ADMIN_TOKEN))).get("data").valueStream()
                    .filter(listed -> listed.get("name").asString().equals("known-elsewhere")).findFirst().orElseThrow()
                    .get("id").asString();

            assertThat(darkroom.send("DELETE", "/admin/keys/" + keyId, auth(ADMIN_TOKEN)).statusCode()).isEqualTo(200);

            // well inside the 5 s a replica may otherwise keep a key it found: the revocation is announced to it
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(1))
                    .until(() -> darkroom.get(onReplica, auth(key)).statusCode() == 401);
        }
    }

    @Test
    void keysAreStoredOnlyAsHashes() {
        String key = createKey("hashed");

        assertThat(darkroom.redis().keys(darkroom.names.allKeysPattern()))
                .noneMatch(redisKey -> redisKey.contains(key));
        darkroom.redis().keys(darkroom.names.apiKeyById("*")).forEach(redisKey ->
                assertThat(darkroom.redis().opsForHash().values(redisKey)).doesNotContain(key));
    }

    @Test
    void adminEndpointsRefuseAWrongToken() {
        HttpResponse<String> response = darkroom.post("/admin/keys", "{\"name\": \"x\"}", auth("not-the-admin-token"));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    private String createKey(String name) {
        HttpResponse<String> created = darkroom.post("/admin/keys", "{\"name\": \"" + name + "\"}", auth(ADMIN_TOKEN));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = darkroom.json(created);
        assertThat(body.get("secret").asString()).startsWith("dr_");
        return body.get("secret").asString();
    }
}
