package io.xsen.orchestrator.ops;

import java.time.Duration;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * {@code GET /}: the page a browser sees on the service's address, saying what XSEN is
 * and linking to the console, the API description and health; the same for everyone, so
 * it holds no figure and may be cached.
 */
@Controller
@Hidden
class FrontDoorController {

	private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();

	@GetMapping("/")
	ModelAndView frontDoor(HttpServletResponse response) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE.getHeaderValue());
		return new ModelAndView("front");
	}

}
