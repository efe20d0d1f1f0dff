/** Encoding images: the local provider's renders, and providers' results in another format than asked. */
package io.darkroom.worker.imaging;
