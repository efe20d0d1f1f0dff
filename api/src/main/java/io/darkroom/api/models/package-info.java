/** {@code GET /v1/models}: the catalog as OpenAI lists models, with what each one accepts and costs. */
package io.darkroom.api.models;
