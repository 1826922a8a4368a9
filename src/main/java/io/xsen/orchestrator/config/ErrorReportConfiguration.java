package io.xsen.orchestrator.config;

import java.util.Arrays;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link ProblemErrorReportValve} in place of Tomcat's HTML error pages, so that
 * even requests Tomcat refuses on its own get problem+json.
 */
@Configuration(proxyBeanMethods = false)
class ErrorReportConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		// Swapped once the host has its valves, whichever customizer added them.
		return factory -> factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
			if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
				replaceErrorReportValves(context.getParent());
			}
		}));
	}

	private static void replaceErrorReportValves(Container host) {
		Pipeline pipeline = host.getPipeline();
		for (Valve valve : pipeline.getValves()) {
			if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
				pipeline.removeValve(valve);
			}
		}
		if (Arrays.stream(pipeline.getValves()).noneMatch(ProblemErrorReportValve.class::isInstance)) {
			pipeline.addValve(new ProblemErrorReportValve());
		}
	}

}
