/** Ideogram 3.0: {@code /v1/ideogram-v3/generate} (multipart), whose result URLs are downloaded at once. */
package io.darkroom.worker.provider.ideogram;
