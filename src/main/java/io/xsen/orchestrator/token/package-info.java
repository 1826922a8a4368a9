/**
 * Customer bearer tokens: issue on claim, rotation or support's request, hashing,
 * revocation, expiry following the paid period, the lookup cache kept current by change
 * notifications, and cleanup.
 */
@NullMarked
package io.xsen.orchestrator.token;

import org.jspecify.annotations.NullMarked;
