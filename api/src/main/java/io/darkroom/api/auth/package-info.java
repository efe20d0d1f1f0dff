/** API keys: bearer authentication, keys stored hashed, the admin endpoints that manage them. */
package io.darkroom.api.auth;
