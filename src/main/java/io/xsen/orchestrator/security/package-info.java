/**
 * Who may call what: the HTTP security chain, bearer token and admin key checks, tier
 * authorities, 401/403 answers and the request filters in front of the API.
 */
@NullMarked
package io.xsen.orchestrator.security;

import org.jspecify.annotations.NullMarked;
