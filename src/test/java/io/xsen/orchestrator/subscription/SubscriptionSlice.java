package io.xsen.orchestrator.subscription;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The tier catalog and the access rule, bound from the test profile's tiers, for slices
 * that need them without the subscriptions table.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ TierCatalog.class, SubscriptionAccess.class })
@EnableConfigurationProperties({ TierProperties.class, SubscriptionAccessProperties.class })
public class SubscriptionSlice {

}
