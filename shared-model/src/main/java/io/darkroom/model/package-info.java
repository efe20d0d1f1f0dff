/** Darkroom's shared vocabulary: image requests, jobs and their state machine, the model catalog and the names of queues and keys. */
package io.darkroom.model;
