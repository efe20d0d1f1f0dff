/** Replicate: {@code POST /v1/models/<owner>/<name>/predictions} with {@code Prefer: wait}, then {@code urls.get} polled. */
package io.darkroom.worker.provider.replicate;
