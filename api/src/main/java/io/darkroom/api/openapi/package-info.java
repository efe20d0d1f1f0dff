/** The API's OpenAPI 3.1 description at {@code /v1/openapi.json} and its reference at {@code /docs} (decision 019). */
package io.darkroom.api.openapi;
