/** The job store: job records in Redis hashes, every state change applied atomically by a Lua script. */
package io.darkroom.infra.jobs;
