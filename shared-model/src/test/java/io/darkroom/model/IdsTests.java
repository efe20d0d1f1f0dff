package io.darkroom.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IdsTests {

    @Test
    void everyKindOfIdHasItsPrefixAndEnoughRandomBitsNeverToRepeat() {
        assertUnique(Ids::newJobId, "job_[A-Za-z0-9_-]{22}");
        assertUnique(Ids::newBatchId, "batch_[A-Za-z0-9_-]{16}");
        assertUnique(Ids::newFileId, "file-[A-Za-z0-9_-]{16}");
        assertUnique(Ids::newWebhookEndpointId, "we_[A-Za-z0-9_-]{16}");
        assertUnique(Ids::newRequestId, "req_[0-9a-f]{24}");
        assertUnique(Ids::newApiKeySecret, "dr_[A-Za-z0-9_-]{43}");
    }

    @Test
    void batchLineJobIdIsTheSameForTheSameLineAndDiffersAcrossLinesAndBatches() {
        String batch = Ids.newBatchId();

        assertThat(Ids.batchLineJobId(batch, 7)).isEqualTo(Ids.batchLineJobId(batch, 7))
                .isEqualTo("job_" + batch.substring(6) + "_L7")
                .isNotEqualTo(Ids.batchLineJobId(batch, 70))
                .isNotEqualTo(Ids.batchLineJobId(Ids.newBatchId(), 7));
    }

    @Test
    void webhookSecretIsStandardBase64AsStandardWebhooksExpects() {
        assertUnique(Ids::newWebhookSecret, "whsec_[A-Za-z0-9+/]{32}");
    }

    private static void assertUnique(Supplier<String> ids, String shape) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = ids.get();
            assertThat(id).matches(shape);
            assertThat(seen.add(id)).as("no repeat").isTrue();
        }
    }
}
