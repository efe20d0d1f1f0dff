/** Stability AI's Stable Image API: {@code /v2beta/stable-image/generate/{ultra|core|sd3}} (multipart, raw image bytes back). */
package io.darkroom.worker.provider.stability;
