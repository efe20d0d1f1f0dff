/** Consuming work messages: claim the job, run its provider, store the result, announce it, then ack. */
package io.darkroom.worker.consume;
