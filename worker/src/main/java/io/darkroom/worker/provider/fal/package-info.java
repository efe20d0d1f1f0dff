/** fal.ai's queue API: submit, poll {@code status_url}, read {@code response_url}, download the image URLs. */
package io.darkroom.worker.provider.fal;
