package io.darkroom.api.openapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What springdoc cannot read off the controllers: the description's title, the two bearer schemes, the tags,
 * the shared error answers, and the wire's snake_case property names (springdoc's model resolver runs on its own
 * Jackson 2 mapper, which knows nothing of {@code spring.jackson.property-naming-strategy}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** The security scheme of every {@code /v1/} endpoint. */
    static final String API_KEY = "apiKey";
    /** The security scheme of the {@code /admin/} endpoints. */
    static final String ADMIN_TOKEN = "adminToken";

    @Bean
    OpenAPI darkroomOpenApi() {
        Components components = new Components()
                .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("dr_...")
                        .description("An API key, `Authorization: Bearer dr_...`. A key sees only its own jobs, batches, files and webhooks."))
                .addSecuritySchemes(ADMIN_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("The operator's token, `darkroom.api.admin-token`; without one configured the admin endpoints answer 404."));
        ErrorResponses.all().forEach(components::addResponses);
        return new OpenAPI()
                .info(new Info().title("Darkroom API").version("v1").description("""
                        Image generation as durable, asynchronous jobs behind an OpenAI-compatible API. The image endpoints \
                        take OpenAI's parameters (plus Darkroom's extensions) and, by default, wait for the job and answer as \
                        OpenAI does; `Prefer: respond-async` answers `202` with the job at once and `Prefer: wait=N` waits at \
                        most N seconds. Every error is OpenAI's error object, `{"error": {"message", "type", "param", "code"}}`."""))
                // relative: the API is where the description is, whatever host name a caller or a proxy used
                .servers(List.of(new Server().url("/").description("This Darkroom")))
                .components(components)
                .addSecurityItem(new SecurityRequirement().addList(API_KEY))
                .tags(List.of(
                        tag(Tags.IMAGES, "OpenAI's image endpoints: generations and edits, synchronous, asynchronous or streamed."),
                        tag(Tags.JOBS, "Darkroom's jobs: every image request is one; read, long-poll or cancel it."),
                        tag(Tags.MODELS, "The model catalog, with each model's sizes, limits, providers and prices."),
                        tag(Tags.FILES, "OpenAI's Files API, for batch input and output files."),
                        tag(Tags.BATCHES, "OpenAI's Batch API, for image generations and edits."),
                        tag(Tags.WEBHOOKS, "Webhook endpoints, their signing secrets, and each job's delivery log."),
                        tag(Tags.USAGE, "What each key used and spent, counted once per finished job, by day, model and provider."),
                        tag(Tags.HOSTED_IMAGES, "Result images at unguessable URLs that expire (one hour by default); no key needed."),
                        tag(Tags.ADMIN, "For operators, behind the admin token: API keys, tiers and budgets, usage across keys, providers and their queues, the parking queue.")));
    }

    /**
     * The model resolver springdoc uses for every schema, on a mapper that names properties as the wire does
     * (springdoc's own converter then repairs the names swagger-core gives record components).
     */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)).openapi31(true);
    }

    private static Tag tag(String name, String description) {
        return new Tag().name(name).description(description);
    }
}
