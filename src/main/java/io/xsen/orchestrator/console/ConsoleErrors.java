package io.xsen.orchestrator.console;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * The console's own "not found" page, so a browser never lands on the API's JSON
 * problems.
 */
final class ConsoleErrors {

	private ConsoleErrors() {
	}

	static ModelAndView notFound(String title, String detail) {
		ModelAndView view = new ModelAndView("console/not-found", HttpStatus.NOT_FOUND);
		view.addObject("title", title);
		view.addObject("detail", detail);
		return view;
	}

	/**
	 * A path named something that cannot exist.
	 */
	static final class NotFound extends RuntimeException {

		NotFound() {
			super("No such page", null, false, false);
		}

	}

}
