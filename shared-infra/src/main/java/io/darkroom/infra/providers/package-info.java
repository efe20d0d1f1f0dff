/** What workers advertise about the providers they serve (and their circuit state), read by the api to route work. */
package io.darkroom.infra.providers;
