/** Which provider runs a job: the routing order, retries with backoff, fallback, and a circuit breaker per provider. */
package io.darkroom.worker.routing;
