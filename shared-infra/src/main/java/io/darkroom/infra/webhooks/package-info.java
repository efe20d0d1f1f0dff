/** Webhook endpoints, secrets and the durable trigger of completion events; delivery is the worker's. */
package io.darkroom.infra.webhooks;
