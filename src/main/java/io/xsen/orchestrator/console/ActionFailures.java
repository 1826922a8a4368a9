package io.xsen.orchestrator.console;

import io.xsen.orchestrator.ProblemException;
import io.xsen.orchestrator.billing.StripeApiUnavailable;
import io.xsen.orchestrator.billing.StripeObjectUnreadable;
import io.xsen.orchestrator.billing.StripeRequestRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Puts an action that Stripe or the stored data refused into words for the operator;
 * anything else is not the operator's to read and propagates.
 */
final class ActionFailures {

	private static final Logger logger = LoggerFactory.getLogger(ActionFailures.class);

	private ActionFailures() {
	}

	/**
	 * Shows the failure on the next page, or rethrows what is not the operator's to read.
	 */
	static void report(RuntimeException ex, String action, RedirectAttributes redirect) {
		if (!isExplainable(ex)) {
			throw ex;
		}
		logger.warn("{} from the console failed: {}", action, ex.getMessage());
		redirect.addFlashAttribute("problem", action + " failed: " + explain(ex));
	}

	private static boolean isExplainable(RuntimeException ex) {
		return ex instanceof StripeApiUnavailable || ex instanceof StripeRequestRejected
				|| ex instanceof StripeObjectUnreadable || ex instanceof ProblemException;
	}

	private static String explain(RuntimeException ex) {
		if (ex instanceof StripeApiUnavailable) {
			return "The Stripe API could not be reached; try again later.";
		}
		if (ex instanceof StripeRequestRejected rejected && rejected.statusCode() == 404) {
			return "Stripe knows no such object.";
		}
		if (ex instanceof ProblemException problem && problem.getBody().getDetail() != null) {
			return problem.getBody().getDetail();
		}
		return String.valueOf(ex.getMessage());
	}

}
