/** HTTP details shared by the endpoints, such as the RFC 7240 {@code Prefer} header. */
package io.darkroom.api.http;
