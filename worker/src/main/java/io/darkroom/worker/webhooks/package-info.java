/** Delivering signed completion webhooks: targets, Standard Webhooks signatures, the retry schedule. */
package io.darkroom.worker.webhooks;
