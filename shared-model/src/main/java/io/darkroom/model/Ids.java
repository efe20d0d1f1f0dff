package io.darkroom.model;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable identifiers: 128 random bits for ids, 256 for secrets and hosted-image tokens. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private Ids() {
    }

    public static String newJobId() {
        return "job_" + random(16);
    }

    /**
     * The job id of a batch's line: derived from the batch's (unguessable) id and the line's number, so that
     * submitting the line again after a crash finds the job instead of creating a second one.
     */
    public static String batchLineJobId(String batchId, int lineNumber) {
        return "job_" + batchId.substring(batchId.indexOf('_') + 1) + "_L" + lineNumber;
    }

    /**
     * The job id of an image request sent with an {@code Idempotency-Key}: derived from the caller, the key and
     * the request's fingerprint, so a retry after a crash finds the job instead of creating a second one, and
     * the same key with another body (after the key's record expired) makes another job.
     */
    public static String idempotentJobId(String owner, String idempotencyKey, String fingerprint) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                    (owner + '\n' + idempotencyKey + '\n' + fingerprint).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "job_" + URL_SAFE.encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static String newApiKeyId() {
        return "key_" + random(12);
    }

    /** A bearer API key: {@code dr_} and 256 random bits. Shown once; only its hash is stored. */
    public static String newApiKeySecret() {
        return "dr_" + random(32);
    }

    /** A batch's id: {@code batch_} and 96 random bits. */
    public static String newBatchId() {
        return "batch_" + random(12);
    }

    /** An uploaded or generated file's id: {@code file-} (as OpenAI's) and 96 random bits. */
    public static String newFileId() {
        return "file-" + random(12);
    }

    /** A webhook endpoint's id: {@code we_} and 96 random bits. */
    public static String newWebhookEndpointId() {
        return "we_" + random(12);
    }

    /** A webhook signing secret: {@code whsec_} and 192 random bits in standard base64 (the Standard Webhooks form). */
    public static String newWebhookSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "whsec_" + java.util.Base64.getEncoder().encodeToString(bytes);
    }

    /** A request's id for {@code x-request-id}: {@code req_} and 96 random bits in hex. */
    public static String newRequestId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "req_" + java.util.HexFormat.of().formatHex(bytes);
    }

    /** The id a hosted image is served under: 256 random bits and the format's extension. */
    public static String newImageId(OutputFormat format) {
        return "img_" + random(32) + "." + format.wireName();
    }

    /** The id an edit's uploaded input image is stored under. */
    public static String newInputImageId(OutputFormat format) {
        return "in_" + random(32) + "." + format.wireName();
    }

    private static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return URL_SAFE.encodeToString(buffer);
    }
}
