/** Black Forest Labs (FLUX): {@code POST /v1/<model>} submits a task, its {@code polling_url} is polled until ready. */
package io.darkroom.worker.provider.bfl;
