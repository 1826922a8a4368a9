/**
 * Email: the outbox of what XSEN owes its customers (access, access links, changes to
 * access, quota warnings), its SMTP sender, and the pages behind the emails' one-time
 * links.
 */
@NullMarked
package io.xsen.orchestrator.email;

import org.jspecify.annotations.NullMarked;
