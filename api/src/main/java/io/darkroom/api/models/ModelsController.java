package io.darkroom.api.models;

import io.darkroom.api.errors.ApiException;
import io.darkroom.api.jobs.ProviderAvailability;
import io.darkroom.api.openapi.ErrorResponses;
import io.darkroom.api.openapi.Tags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.ModelSpec;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models} (optionally {@code ?output_modalities=image}) and {@code GET /v1/models/{id}},
 * where an id may hold a slash ({@code local/fast}).
 */
@RestController
@Tag(name = Tags.MODELS)
class ModelsController {

    private static final String PREFIX = "/v1/models/";

    private final ModelCatalog catalog;
    private final ProviderAvailability availability;

    ModelsController(ModelCatalog catalog, ProviderAvailability availability) {
        this.catalog = catalog;
        this.availability = availability;
    }

    @Operation(operationId = "listModels", summary = "List models", description = """
            OpenAI's list of models, each with Darkroom's `provider`, `available`, `sizes`, limits, `parameters` and `pricing`.""")
    @GetMapping("/v1/models")
    ModelList list(@Parameter(description = "Comma-separated modalities; models of none of them are left out.", example = "image")
            @RequestParam(name = "output_modalities", required = false) String outputModalities) {
        if (outputModalities != null && !List.of(outputModalities.split(",")).contains("image")) {
            return new ModelList("list", List.of());
        }
        return new ModelList("list", catalog.all().stream().map(this::view).toList());
    }

    @Operation(operationId = "retrieveModel", summary = "Retrieve a model")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "The model.")
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @GetMapping("/v1/models/**")
    ModelView get(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String id = java.net.URLDecoder.decode(path.substring(PREFIX.length()), java.nio.charset.StandardCharsets.UTF_8);
        return catalog.find(id).map(this::view).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                "invalid_request_error", "model", "model_not_found", "The model '" + id + "' does not exist."));
    }

    private ModelView view(ModelSpec model) {
        return ModelView.of(model, route -> new ModelView.Route(route.provider(), route.upstreamModel(),
                availability.configured(route.provider()), availability.circuitOpen(route.provider()),
                ModelView.pricing(route.pricing())), availability.available(model));
    }

    /** OpenAI's list object. */
    record ModelList(String object, List<ModelView> data) {
    }
}
