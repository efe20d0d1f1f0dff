package io.darkroom.api.edits;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The multipart form of {@code POST /v1/images/edits} as the description shows it. {@link MultipartEditForm} reads the
 * parts by name (an SDK may send an image without a filename), so this type only describes them.
 */
@Schema(name = "ImageEditForm", requiredProperties = "prompt", description = """
        OpenAI's multipart edit form: `image` or repeated `image[]` (PNG, JPEG or WebP, judged by their bytes; up to the \
        model's `max_input_images`), an optional `mask` (a PNG with alpha, the size of the first image), and the text fields.""")
record EditForm(
        @Schema(type = "string", format = "binary", description = "One input image.") String image,
        @JsonProperty("image[]") @ArraySchema(schema = @Schema(type = "string", format = "binary"),
                arraySchema = @Schema(description = "Several input images, one part each.")) String[] images,
        @Schema(type = "string", format = "binary", description = "PNG whose transparent pixels mark the area to edit.") String mask,
        String prompt,
        String model,
        Integer n,
        String size,
        String quality,
        String responseFormat,
        String outputFormat,
        Integer outputCompression,
        String background,
        String moderation,
        @Schema(allowableValues = {"high", "low"}) String inputFidelity,
        String user,
        Boolean stream,
        Integer partialImages,
        Long seed) {
}
