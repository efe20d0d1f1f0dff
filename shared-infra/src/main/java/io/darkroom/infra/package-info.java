/** Redis and RabbitMQ plumbing shared by the api and the worker. */
package io.darkroom.infra;
