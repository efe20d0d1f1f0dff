package io.darkroom.api.auth;

import io.darkroom.api.errors.ApiException;
import io.darkroom.infra.messaging.ParkedMessage;
import io.darkroom.infra.messaging.ParkedMessages;
import io.darkroom.model.Names;
import java.time.Instant;
import java.util.List;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import io.darkroom.api.openapi.ErrorResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The parking queue read without taking anything off it, for operators (behind the admin token):
 * {@code GET /admin/parking?offset=0&limit=20} lists parked messages in queue order (oldest first), each
 * with its job id, why and when it was parked; {@code GET /admin/parking/{jobId}} shows one, headers and
 * body included. Only the first {@link ParkedMessages#MAX_WINDOW} messages can be read. Replay is
 * {@code POST /admin/parking/replay} ({@link AdminParkingController}).
 */
@RestController
@RequestMapping("/admin/parking")
class AdminParkedMessagesController {

    private static final int MAX_LIMIT = 100;

    private final ParkedMessages parked;
    private final AdminToken adminToken;

    AdminParkedMessagesController(RabbitTemplate rabbit, Names names, AdminToken adminToken) {
        this.parked = new ParkedMessages(rabbit, names.parkingQueue(), ParkedMessages.DEFAULT_REFRESH_AT);
        this.adminToken = adminToken;
    }

    @Operation(operationId = "listParkedMessages", summary = "List parked messages",
            description = "In queue order, without taking them off the queue: each message's job, reason, queue, routing key and deaths.")
    @ApiResponse(responseCode = "200", description = "A page of parked messages.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ParkedList.class)))
    @ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
    @GetMapping
    ParkedList list(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "20") int limit) {
        adminToken.require(authorization);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("limit", "Invalid 'limit': expected 1 to " + MAX_LIMIT + ".");
        }
        if (offset < 0 || offset + limit > ParkedMessages.MAX_WINDOW) {
            throw invalid("offset", "Invalid 'offset': 'offset' + 'limit' must lie within 0 and " + ParkedMessages.MAX_WINDOW
                    + " (only the first " + ParkedMessages.MAX_WINDOW + " parked messages can be read).");
        }
        ParkedMessages.Page page = parked.list(offset, limit);
        return new ParkedList("list", page.messages().stream().map(ParkedSummary::of).toList(), page.total(), offset,
                offset + page.messages().size() < page.total());
    }

    @Operation(operationId = "getParkedMessage", summary = "Inspect one parked message",
            description = "The parked message of a job, with its headers and body, left on the queue.")
    @ApiResponse(responseCode = "200", description = "The parked message.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ParkedMessage.class)))
    @GetMapping("/{jobId}")
    ParkedMessage inspect(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String jobId) {
        adminToken.require(authorization);
        return parked.find(jobId).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", null,
                "parked_message_not_found", "No message of job '" + jobId + "' is among the first " + ParkedMessages.MAX_WINDOW
                        + " parked messages."));
    }

    private static ApiException invalid(String param, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", param, "invalid_value", message);
    }

    /**
     * @param total   how many messages the queue held when it was read
     * @param offset  the position of the first one listed
     * @param hasMore whether messages follow this page
     */
    record ParkedList(String object, List<ParkedSummary> data, long total, int offset, boolean hasMore) {
    }

    /** A parked message without its body and headers ({@code GET /admin/parking/{jobId}} has them). */
    record ParkedSummary(int position, String jobId, String reason, String queue, String routingKey, Instant parkedAt,
            long deliveryCount, List<ParkedMessage.Death> deaths) {

        static ParkedSummary of(ParkedMessage message) {
            return new ParkedSummary(message.position(), message.jobId(), message.reason(), message.queue(), message.routingKey(),
                    message.parkedAt(), message.deliveryCount(), message.deaths());
        }
    }
}
