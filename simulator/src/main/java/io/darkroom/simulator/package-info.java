/** A stand-alone stand-in for an upstream provider, speaking OpenAI's Images wire format. */
package io.darkroom.simulator;
