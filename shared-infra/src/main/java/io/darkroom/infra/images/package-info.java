/** Where image bytes live until their hosted URLs expire. */
package io.darkroom.infra.images;
