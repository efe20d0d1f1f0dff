/** The {@code darkroom} command line: its entry point, the HTTP client of Darkroom's API, and {@code generate}. */
package io.darkroom.cli;
