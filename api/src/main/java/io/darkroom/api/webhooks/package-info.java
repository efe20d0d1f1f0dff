/** The webhook endpoints of an API key, its signing secrets, and each job's delivery log with replay. */
package io.darkroom.api.webhooks;
