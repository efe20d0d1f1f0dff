package io.darkroom.worker.provider.http;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON mapper of provider calls: each provider's own field names, unknown fields ignored (adapters
 * read what they need from trees and stay tolerant of additions).
 */
public final class ProviderJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private ProviderJson() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
