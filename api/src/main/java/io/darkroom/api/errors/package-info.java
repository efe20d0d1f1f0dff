/** Every error answered in OpenAI's shape: {@code {"error": {"message", "type", "param", "code"}}}. */
package io.darkroom.api.errors;
