/** Global per-provider concurrency: a lease semaphore in Redis shared by every worker. */
package io.darkroom.worker.limits;
