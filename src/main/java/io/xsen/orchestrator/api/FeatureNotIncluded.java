package io.xsen.orchestrator.api;

import io.xsen.orchestrator.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The customer's active entitlements do not include the feature asked about.
 */
class FeatureNotIncluded extends ProblemException {

	FeatureNotIncluded(String feature) {
		super(HttpStatus.FORBIDDEN, "feature_not_included", "The subscription does not include the feature " + feature);
		setTitle("Feature not included");
		getBody().setProperty("feature", feature);
	}

}
