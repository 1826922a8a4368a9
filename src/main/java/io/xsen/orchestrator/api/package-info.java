/**
 * The HTTP API: the customer's token and chatbot endpoints, and support's token issue.
 */
@NullMarked
package io.xsen.orchestrator.api;

import org.jspecify.annotations.NullMarked;
