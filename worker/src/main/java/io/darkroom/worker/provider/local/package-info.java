/** The built-in {@code local} provider: procedural landscapes rendered on the CPU, no account needed. */
package io.darkroom.worker.provider.local;
