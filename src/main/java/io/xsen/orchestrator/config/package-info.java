/**
 * Start-up configuration: reads the operator's environment (.env, Railway's DATABASE_URL)
 * into Spring settings.
 */
@NullMarked
package io.xsen.orchestrator.config;

import org.jspecify.annotations.NullMarked;
