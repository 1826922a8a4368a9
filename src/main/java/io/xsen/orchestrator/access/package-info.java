/**
 * Who may call what: the HTTP security chain, bearer tokens and tier checks.
 */
@NullMarked
package io.xsen.orchestrator.access;

import org.jspecify.annotations.NullMarked;
