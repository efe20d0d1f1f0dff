package io.darkroom.api.edits;

import io.darkroom.model.ImageRequest;
import io.darkroom.model.ProviderPreference;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code POST /v1/images/edits}: OpenAI's parameters with images given by URL or data
 * URI, {@code {"images": [{"image_url": "..."}], "mask": {"image_url": "..."}}}.
 */
record EditBody(
        String model,
        String prompt,
        List<ImageReference> images,
        ImageReference mask,
        Integer n,
        String size,
        String quality,
        String responseFormat,
        String outputFormat,
        Integer outputCompression,
        String background,
        String moderation,
        String inputFidelity,
        String user,
        Boolean stream,
        Integer partialImages,
        Long seed,
        Map<String, String> metadata,
        ProviderPreference provider,
        String priority,
        String webhookUrl) {

    /** An image by URL or data URI; {@code file_id} is refused until Darkroom has files. */
    record ImageReference(String imageUrl, String fileId) {
    }

    /** The request, without its images (they are stored first). */
    ImageRequest.Builder toRequest() {
        return ImageRequest.builder().model(model).prompt(prompt).n(n).size(size).quality(quality)
                .responseFormat(responseFormat).outputFormat(outputFormat).outputCompression(outputCompression)
                .background(background).moderation(moderation).inputFidelity(inputFidelity).user(user).stream(stream)
                .partialImages(partialImages).seed(seed).metadata(metadata).provider(provider).priority(priority).webhookUrl(webhookUrl);
    }
}
