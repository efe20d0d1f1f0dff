package io.darkroom.model;

/**
 * Why a job failed or was canceled.
 *
 * @param code    stable and machine-readable, for example {@code content_policy_violation}
 * @param message in words a caller can act on
 */
public record JobError(String code, String message) {
}
