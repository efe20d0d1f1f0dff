package io.darkroom.model;

import java.util.List;
import java.util.Map;

/**
 * An image request as a caller sent it, before validation: OpenAI's generation and edit parameters, plus
 * Darkroom's extensions, each field null when not given. On the wire every field is snake_case
 * ({@code response_format}, ...). Bodies, multipart forms and batch lines parse into it.
 *
 * <p>Nothing downstream reads a draft: {@link ModelCatalog#validate(ImageRequest)} checks it against its model
 * and returns a {@link ValidatedImageRequest}, which is what jobs carry. The same record is the wire form of a
 * validated request ({@link ValidatedImageRequest#toImageRequest()}), the form the job store keeps. An edit is
 * a request with input {@link #images()}.
 *
 * @param model             catalog id, for example {@code local/fast}
 * @param prompt            the text to render
 * @param n                 number of images
 * @param size              {@code WIDTHxHEIGHT} or {@code auto}
 * @param quality           a quality the model lists, or {@code auto}
 * @param style             a style the model lists ({@code vivid}, {@code natural})
 * @param responseFormat    {@code url} or {@code b64_json}
 * @param outputFormat      {@code png}, {@code jpeg} or {@code webp}
 * @param outputCompression 0-100, the jpeg and webp quality
 * @param background        {@code transparent}, {@code opaque} or {@code auto}
 * @param moderation        {@code low} or {@code auto}
 * @param user              the caller's end-user id, recorded as given
 * @param stream            answer as Server-Sent Events
 * @param partialImages     0-3 partial renders to stream before the final image
 * @param inputFidelity     {@code high} or {@code low}: how closely an edit keeps its input (edits only)
 * @param images            edits: ids of the stored input images, in order; empty for a generation
 * @param mask              edits: id of the stored mask (a PNG whose transparent pixels mark the area to
 *                          edit), or null
 * @param seed              Darkroom extension: makes the result reproducible where the provider allows it
 * @param metadata          Darkroom extension: up to 16 string pairs stored on the job and returned
 * @param provider          Darkroom extension: which providers may serve it, in order
 * @param priority          Darkroom extension: {@code interactive} (default) or {@code bulk}, the lane it waits in
 * @param webhookUrl        Darkroom extension: where to post the job's signed completion event
 */
public record ImageRequest(
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
        String inputFidelity,
        List<String> images,
        String mask,
        Long seed,
        Map<String, String> metadata,
        ProviderPreference provider,
        String priority,
        String webhookUrl) {

    public ImageRequest {
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** A request for {@code prompt} on {@code model} with every other field left to its default. */
    public static ImageRequest of(String model, String prompt) {
        return builder().model(model).prompt(prompt).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().model(model).prompt(prompt).n(n).size(size).quality(quality).style(style)
                .responseFormat(responseFormat).outputFormat(outputFormat).outputCompression(outputCompression)
                .background(background).moderation(moderation).user(user).stream(stream).partialImages(partialImages)
                .inputFidelity(inputFidelity).images(images).mask(mask).seed(seed).metadata(metadata).provider(provider)
                .priority(priority).webhookUrl(webhookUrl);
    }

    public ImageRequest withModel(String value) {
        return toBuilder().model(value).build();
    }

    public ImageRequest withN(Integer value) {
        return toBuilder().n(value).build();
    }

    public ImageRequest withSize(String value) {
        return toBuilder().size(value).build();
    }

    public ImageRequest withQuality(String value) {
        return toBuilder().quality(value).build();
    }

    public ImageRequest withResponseFormat(String value) {
        return toBuilder().responseFormat(value).build();
    }

    public ImageRequest withOutputFormat(String value) {
        return toBuilder().outputFormat(value).build();
    }

    public ImageRequest withBackground(String value) {
        return toBuilder().background(value).build();
    }

    public ImageRequest withSeed(Long value) {
        return toBuilder().seed(value).build();
    }

    /** Whether this is an edit (it has input images) rather than a generation. */
    public boolean hasInputImages() {
        return !images.isEmpty();
    }

    /** Whether the caller asked for Server-Sent Events. */
    public boolean streams() {
        return Boolean.TRUE.equals(stream);
    }

    /** Builds requests field by field; unset fields stay null (their defaults come from validation). */
    public static final class Builder {
        private String model;
        private String prompt;
        private Integer n;
        private String size;
        private String quality;
        private String style;
        private String responseFormat;
        private String outputFormat;
        private Integer outputCompression;
        private String background;
        private String moderation;
        private String user;
        private Boolean stream;
        private Integer partialImages;
        private String inputFidelity;
        private List<String> images;
        private String mask;
        private Long seed;
        private Map<String, String> metadata;
        private ProviderPreference provider;
        private String priority;
        private String webhookUrl;

        private Builder() {
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder prompt(String value) {
            prompt = value;
            return this;
        }

        public Builder n(Integer value) {
            n = value;
            return this;
        }

        public Builder size(String value) {
            size = value;
            return this;
        }

        public Builder quality(String value) {
            quality = value;
            return this;
        }

        public Builder style(String value) {
            style = value;
            return this;
        }

        public Builder responseFormat(String value) {
            responseFormat = value;
            return this;
        }

        public Builder outputFormat(String value) {
            outputFormat = value;
            return this;
        }

        public Builder outputCompression(Integer value) {
            outputCompression = value;
            return this;
        }

        public Builder background(String value) {
            background = value;
            return this;
        }

        public Builder moderation(String value) {
            moderation = value;
            return this;
        }

        public Builder user(String value) {
            user = value;
            return this;
        }

        public Builder stream(Boolean value) {
            stream = value;
            return this;
        }

        public Builder partialImages(Integer value) {
            partialImages = value;
            return this;
        }

        public Builder inputFidelity(String value) {
            inputFidelity = value;
            return this;
        }

        public Builder images(List<String> value) {
            images = value;
            return this;
        }

        public Builder mask(String value) {
            mask = value;
            return this;
        }

        public Builder seed(Long value) {
            seed = value;
            return this;
        }

        public Builder metadata(Map<String, String> value) {
            metadata = value;
            return this;
        }

        public Builder provider(ProviderPreference value) {
            provider = value;
            return this;
        }

        public Builder priority(String value) {
            priority = value;
            return this;
        }

        public Builder webhookUrl(String value) {
            webhookUrl = value;
            return this;
        }

        public ImageRequest build() {
            return new ImageRequest(model, prompt, n, size, quality, style, responseFormat, outputFormat,
                    outputCompression, background, moderation, user, stream, partialImages, inputFidelity, images,
                    mask, seed, metadata, provider, priority, webhookUrl);
        }
    }
}
