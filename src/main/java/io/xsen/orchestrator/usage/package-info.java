/**
 * Usage: messages metered per billing period, quotas and per-minute limits per tier kept
 * exact across instances by leases on PostgreSQL counters, the RateLimit answer fields,
 * usage views for customers and operators, reports to Stripe Billing Meters, and retries
 * with an {@code Idempotency-Key} answered from the first answer, never served afresh.
 */
@NullMarked
package io.xsen.orchestrator.usage;

import org.jspecify.annotations.NullMarked;
