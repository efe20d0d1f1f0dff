package io.darkroom.api.images;

import io.darkroom.model.ImageRequest;
import io.darkroom.model.ProviderPreference;
import java.util.Map;

/**
 * The JSON body of {@code POST /v1/images/generations}: OpenAI's parameters and Darkroom's extensions.
 * Any other field is refused by name.
 */
public record GenerationBody(
        String model,
        String prompt,
        Integer n,
        String size,
        String quality,
        String style,
        String responseFormat,
        String outputFormat,
        Integer outputCompression,
        String background,
        String moderation,
        String user,
        Boolean stream,
        Integer partialImages,
        Long seed,
        Map<String, String> metadata,
        ProviderPreference provider,
        String priority,
        String webhookUrl) {

    public ImageRequest toRequest() {
        return ImageRequest.builder().model(model).prompt(prompt).n(n).size(size).quality(quality).style(style)
                .responseFormat(responseFormat).outputFormat(outputFormat).outputCompression(outputCompression)
                .background(background).moderation(moderation).user(user).stream(stream).partialImages(partialImages)
                .seed(seed).metadata(metadata).provider(provider).priority(priority).webhookUrl(webhookUrl).build();
    }
}
