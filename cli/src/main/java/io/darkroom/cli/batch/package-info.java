/**
 * {@code darkroom batch}: {@code run} (prompt files in, a Darkroom batch, images out as its lines finish, a manifest,
 * resumable), {@code status} and {@code cancel}.
 */
package io.darkroom.cli.batch;
