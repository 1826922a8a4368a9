package io.xsen.orchestrator.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in form; Spring Security's form login takes the admin key it posts.
 */
@Controller
class ConsoleLoginController {

	@GetMapping("/console/login")
	String login() {
		return "console/login";
	}

}
