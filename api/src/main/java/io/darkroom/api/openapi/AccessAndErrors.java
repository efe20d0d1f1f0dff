package io.darkroom.api.openapi;

import io.darkroom.api.errors.ErrorBody;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Writes into the description what holds for whole families of paths, as the api enforces it: {@code /v1/} takes an
 * API key ({@code ApiKeyFilter}), {@code /admin/} the admin token ({@code AdminToken}), {@code /hosted/} nothing (the
 * URL is the credential); every operation may answer 503 when Redis or RabbitMQ is away. Also names the model path,
 * which Spring maps as {@code /v1/models/**} because a model id holds a slash.
 */
@Component
class AccessAndErrors implements OpenApiCustomizer {

    static final String MODEL_PATTERN = "/v1/models/**";
    /** The requests that count against a key's limits and budget. */
    private static final java.util.Set<String> IMAGE_PATHS = java.util.Set.of(io.darkroom.api.images.GenerationsEndpoint.PATH,
            io.darkroom.api.edits.EditsEndpoint.PATH);
    static final String MODEL_PATH = "/v1/models/{model}";

    @Override
    public void customise(OpenAPI openApi) {
        ModelConverters.getInstance(true).readAll(ErrorBody.class).forEach(openApi.getComponents()::addSchemas);
        nameModelPath(openApi);
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> document(path, method, operation)));
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getParameters() != null) {
            // the admin endpoints read the header themselves; in the description it is the security scheme's
            operation.getParameters().removeIf(parameter -> "header".equals(parameter.getIn()) && "Authorization".equalsIgnoreCase(parameter.getName()));
        }
        if (path.startsWith("/admin/")) {
            operation.setTags(List.of(Tags.ADMIN));
            operation.setSecurity(List.of(new SecurityRequirement().addList(OpenApiConfiguration.ADMIN_TOKEN)));
            addError(operation, "401", ErrorResponses.ADMIN_UNAUTHORIZED);
            addError(operation, "404", ErrorResponses.ADMIN_DISABLED);
            describeParkingReplay(path, operation);
        } else if (path.startsWith("/hosted/")) {
            operation.setSecurity(List.of());
        } else {
            addError(operation, "401", ErrorResponses.UNAUTHORIZED);
            if (method == PathItem.HttpMethod.POST && IMAGE_PATHS.contains(path)) {
                addError(operation, "429", ErrorResponses.RATE_LIMITED);
            }
            if (method == PathItem.HttpMethod.POST) {
                operation.addParametersItem(new io.swagger.v3.oas.models.parameters.HeaderParameter().name("Idempotency-Key")
                        .description("Retry safely: the same key with the same request answers as the first attempt did "
                                + "(an image request: with the first attempt's job); with another request 422; while the first "
                                + "is still running 409. Scoped to the API key, kept 24 h.")
                        .schema(new StringSchema().maxLength(255)).example("order-4711-image"));
            }
        }
        addError(operation, "503", ErrorResponses.UNAVAILABLE);
    }

    /** {@code AdminParkingController} is described here, by its path, until it carries annotations of its own. */
    private static void describeParkingReplay(String path, Operation operation) {
        if (path.equals("/admin/parking/replay") && operation.getSummary() == null) {
            operation.operationId("replayParkedMessages").summary("Replay parked messages as new jobs")
                    .description("Takes up to `limit` messages off the parking queue; the job of each is submitted again as a new "
                            + "job for the same key (the failed job stays failed). Messages naming no known job are reported and dropped.");
        }
    }

    private static void addError(Operation operation, String status, String response) {
        if (!operation.getResponses().containsKey(status)) {
            operation.getResponses().addApiResponse(status, new ApiResponse().$ref(response));
        }
    }

    private static void nameModelPath(OpenAPI openApi) {
        PathItem models = openApi.getPaths().remove(MODEL_PATTERN);
        if (models == null) {
            return;
        }
        models.readOperations().forEach(operation -> operation.addParametersItem(new PathParameter().name("model")
                .description("The model's id. Ids hold a slash, sent as it is or encoded: `local/fast` or `local%2Ffast`.")
                .schema(new StringSchema()).example("local/fast")));
        openApi.getPaths().addPathItem(MODEL_PATH, models);
    }
}
