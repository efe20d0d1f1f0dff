/** The provider contract every upstream adapter implements, and the registry that finds them. */
package io.darkroom.worker.provider;
