package io.darkroom.model;

/**
 * Tokens a provider billed, for models priced by token (gpt-image, Gemini).
 *
 * @param inputTokens  prompt and input-image tokens
 * @param outputTokens image tokens generated
 */
public record Usage(long inputTokens, long outputTokens) {

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
