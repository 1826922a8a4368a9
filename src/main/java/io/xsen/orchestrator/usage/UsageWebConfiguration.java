package io.xsen.orchestrator.usage;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Meters the endpoints that answer a chatbot's message; the others are free.
 */
@Configuration(proxyBeanMethods = false)
class UsageWebConfiguration implements WebMvcConfigurer {

	static final String[] METERED_PATHS = { "/api/chat", "/api/chat/premium" };

	private final MeteringInterceptor metering;

	UsageWebConfiguration(MeteringInterceptor metering) {
		this.metering = metering;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.metering).addPathPatterns(METERED_PATHS);
	}

}
