/** {@code darkroom batch run}: prompt files in, a Darkroom batch, images and a manifest out, resumable. */
package io.darkroom.cli.batch;
