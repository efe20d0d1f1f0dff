/** Upstream providers' settings (base URL, key, timeouts, limits) and their circuit states, shared by api and worker. */
package io.darkroom.infra.providers;
