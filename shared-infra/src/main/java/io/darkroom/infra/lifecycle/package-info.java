/** The one owner of a job's lifecycle: every state change, and the one event each final state sends. */
package io.darkroom.infra.lifecycle;
