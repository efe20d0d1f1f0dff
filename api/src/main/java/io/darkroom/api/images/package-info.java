/** OpenAI's image endpoints, and the hosted images their URLs point at. */
package io.darkroom.api.images;
