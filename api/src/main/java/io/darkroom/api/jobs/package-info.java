/** Jobs as the api sees them: submission, waiting for completion, and the job endpoints. */
package io.darkroom.api.jobs;
