/** What every HTTP provider adapter shares: calls with timeouts, failure classification, multipart, polling, image probing. */
package io.darkroom.worker.provider.http;
