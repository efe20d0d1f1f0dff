/** {@code POST /v1/images/edits}: input images uploaded, inline or by URL, checked, stored, then a job. */
package io.darkroom.api.edits;
