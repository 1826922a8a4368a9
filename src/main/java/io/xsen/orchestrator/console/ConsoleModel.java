package io.xsen.orchestrator.console;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * Gives every console page the formats it writes amounts and times with, and its own
 * not-found page.
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

	private static final ConsoleFormat FORMAT = new ConsoleFormat();

	@ModelAttribute("fmt")
	ConsoleFormat format() {
		return FORMAT;
	}

	@ExceptionHandler
	ModelAndView notFound(ConsoleErrors.NotFound ex) {
		return ConsoleErrors.notFound("Not found", "The console has no such page.");
	}

}
