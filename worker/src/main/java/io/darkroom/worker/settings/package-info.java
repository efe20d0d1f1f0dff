/** Provider settings (keys, base URLs, limits): the worker's alone; the api never holds them. */
package io.darkroom.worker.settings;
