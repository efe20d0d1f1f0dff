/** The api application: Darkroom's HTTP surface. */
package io.darkroom.api;
