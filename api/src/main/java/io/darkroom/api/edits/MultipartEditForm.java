package io.darkroom.api.edits;

import io.darkroom.api.errors.ApiException;
import io.darkroom.model.ImageRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * Reads OpenAI's multipart edit form: {@code image} (or repeated {@code image[]}), an optional
 * {@code mask}, and the text fields. Unknown fields and malformed numbers are refused by name.
 */
final class MultipartEditForm {

    private static final Set<String> TEXT_FIELDS = Set.of("model", "prompt", "n", "size", "quality", "response_format",
            "output_format", "output_compression", "background", "moderation", "input_fidelity", "user", "stream",
            "partial_images", "seed");
    private static final Set<String> FILE_FIELDS = Set.of("image", "image[]", "mask");

    private final Map<String, String> fields;
    private final List<Upload> images;
    private final Optional<Upload> mask;

    private MultipartEditForm(Map<String, String> fields, List<Upload> images, Optional<Upload> mask) {
        this.fields = fields;
        this.images = images;
        this.mask = mask;
    }

    static MultipartEditForm read(MultipartHttpServletRequest request) {
        Map<String, String> fields = new java.util.HashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (FILE_FIELDS.contains(name)) {
                throw invalid(name, "invalid_type", "'" + name + "' must be a file, not text.");
            }
            if (!TEXT_FIELDS.contains(name)) {
                throw invalid(name, "unknown_parameter", "Unrecognized request argument supplied: " + name);
            }
            fields.put(name, values[0]);
        });
        MultiValueMap<String, MultipartFile> files = request.getMultiFileMap();
        files.keySet().stream().filter(name -> !FILE_FIELDS.contains(name)).findFirst().ifPresent(name -> {
            throw invalid(name, "unknown_parameter", "Unrecognized file supplied: " + name);
        });
        List<Upload> images = new ArrayList<>();
        for (String name : List.of("image", "image[]")) {
            List<MultipartFile> parts = files.getOrDefault(name, List.of());
            for (MultipartFile part : parts) {
                images.add(upload("image[" + images.size() + "]", part));
            }
        }
        List<MultipartFile> masks = files.getOrDefault("mask", List.of());
        if (masks.size() > 1) {
            throw invalid("mask", "invalid_value", "Send at most one 'mask'.");
        }
        return new MultipartEditForm(fields, images, masks.stream().findFirst().map(part -> upload("mask", part)));
    }

    List<Upload> images() {
        return images;
    }

    Optional<Upload> mask() {
        return mask;
    }

    /** The request's text fields, without its images (they are stored first). */
    ImageRequest.Builder toRequest() {
        return ImageRequest.builder().model(fields.get("model")).prompt(fields.get("prompt")).n(integer("n"))
                .size(fields.get("size")).quality(fields.get("quality")).responseFormat(fields.get("response_format"))
                .outputFormat(fields.get("output_format")).outputCompression(integer("output_compression"))
                .background(fields.get("background")).moderation(fields.get("moderation"))
                .inputFidelity(fields.get("input_fidelity")).user(fields.get("user")).stream(bool("stream"))
                .partialImages(integer("partial_images")).seed(longValue("seed"));
    }

    private Integer integer(String name) {
        Long value = longValue(name);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw invalid(name, "invalid_type", "Invalid type for '" + name + "': expected an integer.");
        }
        return value.intValue();
    }

    private Long longValue(String name) {
        String text = fields.get(name);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw invalid(name, "invalid_type", "Invalid type for '" + name + "': expected an integer.");
        }
    }

    private Boolean bool(String name) {
        String text = fields.get(name);
        if (text == null) {
            return null;
        }
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, "invalid_type", "Invalid type for '" + name + "': expected true or false.");
        };
    }

    private static Upload upload(String param, MultipartFile part) {
        try {
            return new Upload(param, part.getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the upload '" + param + "' failed", e);
        }
    }

    private static ApiException invalid(String param, String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", param, code, message);
    }
}
