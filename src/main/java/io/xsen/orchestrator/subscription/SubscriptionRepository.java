package io.xsen.orchestrator.subscription;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Subscription rows, with the row lock that serialises concurrent events for one
 * subscription.
 */
interface SubscriptionRepository extends JpaRepository<Subscription, Long> {

	/**
	 * Creates the row for a subscription seen for the first time; a concurrent insert of
	 * the same one is a no-op. The email is taken from the customer's other subscriptions
	 * until an event brings one.
	 */
	@Modifying
	@Query(value = """
			INSERT INTO subscriptions (stripe_subscription_id, stripe_customer_id, status, email)
			VALUES (:subscriptionId, :customerId, 'incomplete',
			        (SELECT s.email FROM subscriptions s
			          WHERE s.stripe_customer_id = :customerId AND s.email IS NOT NULL
			          ORDER BY s.updated_at DESC LIMIT 1))
			ON CONFLICT (stripe_subscription_id) DO NOTHING
			""", nativeQuery = true)
	int insertIfAbsent(@Param("subscriptionId") String subscriptionId, @Param("customerId") String customerId);

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from Subscription s where s.stripeSubscriptionId = :subscriptionId")
	Optional<Subscription> lockBySubscriptionId(@Param("subscriptionId") String subscriptionId);

	/**
	 * The stored snapshot's order, read without bringing the row into the persistence
	 * context, so the later locking read sees what other transactions wrote meanwhile.
	 */
	@Query("""
			select new io.xsen.orchestrator.subscription.StoredOrderRow(s.stateCreated, s.stateSource, s.updatedAt)
			from Subscription s where s.stripeSubscriptionId = :subscriptionId and s.stateCreated is not null
			""")
	Optional<StoredOrderRow> findStoredOrder(@Param("subscriptionId") String subscriptionId);

	Optional<Subscription> findByStripeSubscriptionId(String stripeSubscriptionId);

	@Query("""
			select s from Subscription s
			where s.status = 'past_due' and s.pastDueSince < :enteredBefore order by s.pastDueSince
			""")
	List<Subscription> findPastDueSince(@Param("enteredBefore") Instant enteredBefore);

	List<Subscription> findByStripeCustomerIdOrderByCreatedAtDesc(String stripeCustomerId);

	// Matches the lower(email) index.
	@Query("select s from Subscription s where lower(s.email) = lower(:email) order by s.createdAt desc")
	List<Subscription> findByEmail(@Param("email") String email);

}
