package io.darkroom.api.images;

import io.darkroom.api.openapi.ErrorResponses;
import io.darkroom.infra.jobs.JobView;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Describes the answers of an image endpoint, as {@link ImageJobResponder} gives them. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponse(responseCode = "200", description = """
        The job finished: OpenAI's images response (by default, or with `Prefer: wait=N` when it finished in time). \
        With `"stream": true` in the body, Server-Sent Events instead, whatever `Prefer` says.""",
        content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = ImagesResponse.class), examples = @ExampleObject(
                        name = "url", value = """
                                {"created": 1795212861, "data": [{"url": "http://127.0.0.1:8080/hosted/img_6p1tkpAZpv0I_Ps-fHmoDde40ebkeJWBtOzrIkTWKX8.png"}],
                                 "background": "opaque", "output_format": "png", "quality": "medium", "size": "1024x1024",
                                 "perf": {"request_id": "job_eUJ8QPOu0X_SG_ZeJa6GKQ", "model_used": "local/fast", "provider": "local",
                                          "size": "1024x1024", "quality": "medium", "cost_usd": 0, "latency_ms": 132, "queue_wait_ms": 9}}""")),
                @Content(mediaType = "text/event-stream", schema = @Schema(type = "string", description = """
                        OpenAI's image events: `image_generation.partial_image` (`image_edit.partial_image` for edits) for each of \
                        `partial_images` renders, then `image_generation.completed` (`image_edit.completed`) with `b64_json`, or an \
                        `error` event carrying OpenAI's error object."""), examples = @ExampleObject(name = "stream", value = """
                        event: image_generation.partial_image
                        data: {"type": "image_generation.partial_image", "b64_json": "iVBORw0...", "partial_image_index": 0, "size": "1024x1024", "quality": "medium", "background": "opaque", "output_format": "png", "created_at": 1795212861}

                        event: image_generation.completed
                        data: {"type": "image_generation.completed", "b64_json": "iVBORw0...", "size": "1024x1024", "quality": "medium", "background": "opaque", "output_format": "png", "created_at": 1795212862}
                        """))})
@ApiResponse(responseCode = "202", description = """
        `Prefer: respond-async`, or `Prefer: wait=N` and the job was not final in time: the job, to follow at `Location`.""",
        headers = {@Header(name = "Location", description = "`/v1/jobs/{id}`", schema = @Schema(type = "string")),
                @Header(name = "Preference-Applied", description = "`respond-async` or `wait=N`", schema = @Schema(type = "string"))},
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
@ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
@ApiResponse(responseCode = "409", ref = ErrorResponses.CONFLICT)
@ApiResponse(responseCode = "413", ref = ErrorResponses.TOO_LARGE)
@ApiResponse(responseCode = "415", ref = ErrorResponses.UNSUPPORTED_MEDIA_TYPE)
@ApiResponse(responseCode = "502", ref = ErrorResponses.PROVIDER_ERROR)
@ApiResponse(responseCode = "504", ref = ErrorResponses.STILL_RUNNING)
public @interface ImageJobResponses {
}
