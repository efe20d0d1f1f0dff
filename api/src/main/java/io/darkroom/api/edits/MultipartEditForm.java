package io.darkroom.api.edits;

import io.darkroom.api.errors.ApiException;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.ProviderPreference;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * Reads OpenAI's multipart edit form: {@code image} (or repeated {@code image[]}), an optional
 * {@code mask}, and the text fields, Darkroom's extensions included. Maps and lists are spelt as OpenAI's SDKs
 * spell them in a form: {@code metadata[key]=value}, {@code provider[order][]=fal} (repeated, in order) and
 * {@code provider[allow_fallbacks]=false}. Unknown fields and malformed values are refused by name, the name
 * the JSON body would give them ({@code provider.allow_fallbacks}).
 */
final class MultipartEditForm {

    private static final Set<String> TEXT_FIELDS = Set.of("model", "prompt", "n", "size", "quality", "response_format",
            "output_format", "output_compression", "background", "moderation", "input_fidelity", "user", "stream",
            "partial_images", "seed", "webhook_url", "priority");
    /** {@code metadata[key]} or {@code provider[key]}, optionally followed by {@code []}. */
    private static final Pattern MAP_ENTRY = Pattern.compile("(metadata|provider)\\[([^\\[\\]]*)\\](\\[\\])?");
    private static final String ALLOW_FALLBACKS = "provider.allow_fallbacks";

    private final Map<String, String> fields;
    private final List<Upload> images;
    private final Optional<Upload> mask;
    private final Map<String, String> metadata;
    private final List<String> providerOrder;

    private MultipartEditForm(Map<String, String> fields, List<Upload> images, Optional<Upload> mask, Map<String, String> metadata,
            List<String> providerOrder) {
        this.fields = fields;
        this.images = images;
        this.mask = mask;
        this.metadata = metadata;
        this.providerOrder = providerOrder;
    }

    /**
     * Reads every part as it came: OpenAI's SDKs send images as parts with or without a filename, so a
     * part's name, not its filename, says whether it is an image.
     */
    static MultipartEditForm read(MultipartHttpServletRequest request) {
        Map<String, String> fields = new HashMap<>();
        List<Upload> images = new ArrayList<>();
        List<Upload> masks = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        List<String> providerOrder = new ArrayList<>();
        for (Part part : parts(request)) {
            String name = part.getName();
            Matcher entry = MAP_ENTRY.matcher(name);
            if (name.equals("image") || name.equals("image[]")) {
                images.add(new Upload("image[" + images.size() + "]", bytesOf(part)));
            } else if (name.equals("mask")) {
                masks.add(new Upload("mask", bytesOf(part)));
            } else if (TEXT_FIELDS.contains(name)) {
                fields.putIfAbsent(name, textOf(part));
            } else if (name.equals("metadata") || name.equals("provider")) {
                throw invalid(name, "invalid_type", "Invalid type for '" + name + "': expected an object, sent as "
                        + (name.equals("metadata") ? "'metadata[key]=value' fields." : "'provider[order][]' and 'provider[allow_fallbacks]' fields."));
            } else if (entry.matches() && (entry.group(1) + "." + entry.group(2)).equals("provider.order")) {
                providerOrder.add(textOf(part));
            } else if (entry.matches() && entry.group(3) == null && entry.group(1).equals("metadata")) {
                metadata.putIfAbsent(entry.group(2), textOf(part));
            } else if (entry.matches() && entry.group(3) == null && (entry.group(1) + "." + entry.group(2)).equals(ALLOW_FALLBACKS)) {
                fields.putIfAbsent(ALLOW_FALLBACKS, textOf(part));
            } else {
                String param = entry.matches() ? entry.group(1) + "." + entry.group(2) : name;
                throw invalid(param, "unknown_parameter", "Unrecognized request argument supplied: " + param);
            }
        }
        if (masks.size() > 1) {
            throw invalid("mask", "invalid_value", "Send at most one 'mask'.");
        }
        return new MultipartEditForm(fields, images, masks.stream().findFirst(), metadata, providerOrder);
    }

    private static String textOf(Part part) {
        return new String(bytesOf(part), StandardCharsets.UTF_8);
    }

    private static java.util.Collection<Part> parts(MultipartHttpServletRequest request) {
        try {
            return request.getParts();
        } catch (IOException | ServletException e) {
            throw invalid(null, "invalid_multipart", "The multipart body could not be read.");
        }
    }

    private static byte[] bytesOf(Part part) {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the part '" + part.getName() + "' failed", e);
        }
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
                .partialImages(integer("partial_images")).seed(longValue("seed"))
                .metadata(metadata.isEmpty() ? null : metadata).provider(provider())
                .priority(fields.get("priority")).webhookUrl(fields.get("webhook_url"));
    }

    /** The {@code provider} extension, or null when the form names none of its fields. */
    private ProviderPreference provider() {
        Boolean allowFallbacks = bool(ALLOW_FALLBACKS);
        return providerOrder.isEmpty() && allowFallbacks == null ? null : new ProviderPreference(providerOrder, allowFallbacks);
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
            default -> throw invalid(name, "invalid_type", "Invalid type for '" + name + "': expected a boolean (true or false).");
        };
    }

    private static ApiException invalid(String param, String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", param, code, message);
    }
}
