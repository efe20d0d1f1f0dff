/** The web console's entry point: its files come from the console module's {@code static/console/} (decision 033). */
package io.darkroom.api.console;
