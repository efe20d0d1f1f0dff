package io.darkroom.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesTests {

    @Test
    void everyNameCarriesTheNamespaceSoRunsCannotCollide() {
        Names a = new Names("run-a");
        Names b = new Names("run-b");

        assertThat(a.workQueue("local", Lane.INTERACTIVE)).isEqualTo("run-a.jobs.local.interactive");
        assertThat(a.workQueue("local", Lane.BULK)).isNotEqualTo(b.workQueue("local", Lane.BULK));
        assertThat(a.jobKey("job_1")).startsWith("run-a:").isNotEqualTo(b.jobKey("job_1"));
        assertThat(a.imageKey("img_1.png")).matches(a.allKeysPattern().replace("*", ".*"));
    }

    @Test
    void namespaceWithCharactersUnsafeForKeysOrQueuesIsRefused() {
        assertThatThrownBy(() -> new Names("Has Spaces")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Names("a:b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsAreUnguessableAndImageIdsEndInTheirExtension() {
        assertThat(Ids.newJobId()).startsWith("job_").hasSizeGreaterThan(20).isNotEqualTo(Ids.newJobId());
        assertThat(Ids.newImageId(OutputFormat.WEBP)).startsWith("img_").endsWith(".webp").hasSizeGreaterThan(45);
        assertThat(Ids.newApiKeySecret()).startsWith("dr_").hasSizeGreaterThan(40);
    }
}
