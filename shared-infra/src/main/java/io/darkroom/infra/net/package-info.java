/** Outbound HTTP to addresses users name (image URLs, webhooks), guarded against SSRF. */
package io.darkroom.infra.net;
