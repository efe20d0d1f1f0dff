/** OpenAI Images: {@code /v1/images/generations} (JSON) and {@code /v1/images/edits} (multipart). */
package io.darkroom.worker.provider.openai;
