/** The worker application: consumes provider queues and runs jobs. */
package io.darkroom.worker;
