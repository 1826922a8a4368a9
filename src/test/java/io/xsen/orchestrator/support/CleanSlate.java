package io.xsen.orchestrator.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Each test starts with empty tables and a Stripe API fake that knows nothing, before the
 * class's own {@code @BeforeEach} methods run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(CleanSlate.Extension.class)
public @interface CleanSlate {

	/**
	 * Clears the tables through the test context's {@link DatabaseRows} and resets the
	 * fake.
	 */
	class Extension implements BeforeEachCallback {

		@Override
		public void beforeEach(ExtensionContext context) {
			SpringExtension.getApplicationContext(context).getBean(DatabaseRows.class).clear();
			StripeApiFake.reset();
		}

	}

}
