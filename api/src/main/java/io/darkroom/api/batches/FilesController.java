package io.darkroom.api.batches;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.errors.ApiException;
import io.darkroom.api.openapi.Deleted;
import io.darkroom.api.openapi.ErrorResponses;
import io.darkroom.api.openapi.Tags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/** OpenAI's Files API, for batch input: {@code POST /v1/files} ({@code purpose=batch}), read, content, delete. */
@RestController
@Tag(name = Tags.FILES)
class FilesController {

    /** The largest batch input file. */
    static final long MAX_BYTES = 50L * 1024 * 1024;

    private final FileStore files;

    FilesController(FileStore files) {
        this.files = files;
    }

    /** Reads the parts by name: OpenAI's SDKs may send the file without a filename, which is not a "file" to Spring. */
    @Operation(operationId = "createFile", summary = "Upload a batch input file",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = BatchSchemas.FileUpload.class))))
    @ApiResponse(responseCode = "200", description = "The stored file.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchSchemas.FileObject.class)))
    @ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
    @ApiResponse(responseCode = "413", ref = ErrorResponses.TOO_LARGE)
    @PostMapping(path = "/v1/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Map<String, Object> upload(HttpServletRequest request, @RequestAttribute(Caller.ATTRIBUTE) Caller caller)
            throws IOException, ServletException {
        Part purposePart = request.getPart("purpose");
        String purpose = purposePart == null ? null : new String(purposePart.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!"batch".equals(purpose)) {
            throw invalid("purpose", "Invalid 'purpose': Darkroom takes files for 'batch'.");
        }
        Part file = request.getPart("file");
        if (file == null || file.getSize() == 0) {
            throw invalid("file", "Missing required parameter: 'file' (a JSONL file).");
        }
        if (file.getSize() > MAX_BYTES) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error", "file", "request_too_large",
                    "A batch file may have at most " + MAX_BYTES + " bytes.");
        }
        String name = file.getSubmittedFileName() == null ? "input.jsonl" : file.getSubmittedFileName();
        try (var in = file.getInputStream()) {
            return view(files.save(caller.keyId(), name, purpose, in.readAllBytes()));
        }
    }

    @Operation(operationId = "retrieveFile", summary = "Retrieve a file")
    @ApiResponse(responseCode = "200", description = "The file.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchSchemas.FileObject.class)))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @GetMapping("/v1/files/{id}")
    Map<String, Object> get(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return view(files.find(caller.keyId(), id).orElseThrow(() -> ApiException.notFound("file", id)));
    }

    @Operation(operationId = "downloadFile", summary = "Download a file's content", description = "An input file, or a batch's output or error file: JSONL, one row per line.")
    @ApiResponse(responseCode = "200", description = "The file's bytes.", content = @Content(mediaType = "application/jsonl", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @GetMapping("/v1/files/{id}/content")
    ResponseEntity<byte[]> content(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        byte[] content = files.content(caller.keyId(), id).orElseThrow(() -> ApiException.notFound("file", id));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/jsonl")).body(content);
    }

    @Operation(operationId = "deleteFile", summary = "Delete a file")
    @ApiResponse(responseCode = "200", description = "The file is gone.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Deleted.class)))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @DeleteMapping("/v1/files/{id}")
    Map<String, Object> delete(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        if (!files.delete(caller.keyId(), id)) {
            throw ApiException.notFound("file", id);
        }
        return Map.of("id", id, "object", "file", "deleted", true);
    }

    static Map<String, Object> view(FileStore.StoredFile file) {
        return Map.of("id", file.id(), "object", "file", "bytes", file.bytes(), "created_at", file.createdAt().getEpochSecond(),
                "filename", file.filename(), "purpose", file.purpose(), "status", "processed");
    }

    private static ApiException invalid(String param, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", param, "invalid_value", message);
    }
}
