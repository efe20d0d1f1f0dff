package io.darkroom.api.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.api.edits.EditsEndpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageEndpointsTests {

    private final GenerationsEndpoint generations = new GenerationsEndpoint();
    private final EditsEndpoint edits = new EditsEndpoint();
    private final ImageEndpoints endpoints = new ImageEndpoints(List.of(generations, edits));

    @Test
    void eachEndpointIsFoundByItsPathAndNoOtherPathNamesOne() {
        assertThat(endpoints.find("/v1/images/generations")).containsSame(generations);
        assertThat(endpoints.find("/v1/images/edits")).containsSame(edits);
        assertThat(endpoints.find("/v1/images/variations")).isEmpty();
        assertThat(endpoints.find("/v1/images/edits/")).isEmpty();
        assertThat(endpoints.find(null)).isEmpty();
        assertThat(endpoints.paths()).containsExactly("/v1/images/edits", "/v1/images/generations");
    }

    @Test
    void twoEndpointsClaimingOnePathAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new ImageEndpoints(List.of(generations, new GenerationsEndpoint())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/v1/images/generations");
    }
}
