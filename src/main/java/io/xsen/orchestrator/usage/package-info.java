/**
 * Usage: messages metered per billing period, quotas and per-minute limits per tier kept
 * exact across instances by leases on PostgreSQL counters, the RateLimit answer fields,
 * usage views for customers and operators, and reports to Stripe Billing Meters.
 */
@NullMarked
package io.xsen.orchestrator.usage;

import org.jspecify.annotations.NullMarked;
