/** Google's Gemini API: Imagen {@code :predict} and Gemini image output {@code :generateContent}. */
package io.darkroom.worker.provider.google;
