/**
 * The operator console at {@code /console}: server-rendered pages that show the business
 * and repair a customer's problem in a browser, through the same services as the admin
 * API.
 */
@NullMarked
package io.xsen.orchestrator.console;

import org.jspecify.annotations.NullMarked;
