/** The broker topology and confirmed publishing of work messages. */
package io.darkroom.infra.messaging;
