package io.darkroom.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models Darkroom serves and the rules each one's requests must follow.
 *
 * <p>{@link #validate(ImageRequest)} is the single gate every request passes before it becomes a job:
 * it refuses what the model cannot do, naming the parameter, and fills every default in. Its result, a
 * {@link ValidatedImageRequest}, is made nowhere else.
 */
public final class ModelCatalog {

    /** The model used when a request names none. */
    public static final String DEFAULT_MODEL = "local/fast";
    public static final int MAX_METADATA_ENTRIES = 16;
    public static final int MAX_METADATA_KEY_CHARS = 64;
    public static final int MAX_METADATA_VALUE_CHARS = 512;
    public static final int MAX_USER_CHARS = 256;

    private final Map<String, ModelSpec> models;
    /** Every provider some model is served by, known once. */
    private final java.util.Set<String> providers;

    public ModelCatalog(List<ModelSpec> models) {
        Map<String, ModelSpec> byId = new LinkedHashMap<>();
        for (ModelSpec model : models) {
            if (byId.putIfAbsent(model.id(), model) != null) {
                throw new IllegalArgumentException("Model " + model.id() + " is listed twice");
            }
        }
        this.models = Map.copyOf(byId);
        this.providers = this.models.values().stream().flatMap(model -> model.routes().stream()).map(ProviderRoute::provider)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The catalog built into every Darkroom: the local models and every upstream provider's. */
    public static ModelCatalog builtIn() {
        return new ModelCatalog(BuiltInModels.all());
    }

    public Optional<ModelSpec> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /** Every model, in a stable order (by id). */
    public List<ModelSpec> all() {
        return models.values().stream().sorted(java.util.Comparator.comparing(ModelSpec::id)).toList();
    }

    /**
     * Checks a request against its model and returns it validated, every default filled in. Validating
     * {@link ValidatedImageRequest#toImageRequest()} again gives an equal request.
     *
     * @throws InvalidRequestException naming the first parameter at fault
     */
    public ValidatedImageRequest validate(ImageRequest request) {
        String modelId = request.model() == null ? DEFAULT_MODEL : request.model();
        ModelSpec model = find(modelId).orElseThrow(() -> new InvalidRequestException("model", "model_not_found",
                "The model '" + modelId + "' does not exist. GET /v1/models lists the models you can use."));
        return new RequestValidation(model, request, providers()).validated();
    }

    /** The names of every provider some model of the catalog is served by. */
    public java.util.Set<String> providers() {
        return providers;
    }
}
