package io.xsen.orchestrator.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.unit.DataSize;

/**
 * Reports a setting XSEN cannot read ({@code XSEN_TOKEN_TTL=30days}, {@code PORT=abc}, a
 * malformed {@code DATABASE_URL}) as one line naming the variable, its value and the form
 * it takes, instead of Spring's property names and a stack trace.
 */
class SettingFailureAnalyzer implements FailureAnalyzer {

	// application.yml maps each variable onto a property as ${VARIABLE:default}.
	private static final Pattern VARIABLE = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*)(:.*)?}$");

	private static final Map<Class<?>, String> FORMS = new LinkedHashMap<>();

	static {
		FORMS.put(Duration.class, "a duration such as 30d, 720h or 15m");
		FORMS.put(Integer.class, "a whole number");
		FORMS.put(Long.class, "a whole number");
		FORMS.put(Boolean.class, "true or false");
		FORMS.put(DataSize.class, "a size such as 512KB or 10MB");
	}

	private final @Nullable Environment environment;

	// Spring passes no environment when the failure comes before there is one.
	SettingFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		SettingInvalid invalid = find(failure, SettingInvalid.class);
		if (invalid != null) {
			return analysis(failure, invalid.variable(), invalid.value(), invalid.accepted());
		}
		InvalidConfigurationPropertyValueException unreadable = find(failure,
				InvalidConfigurationPropertyValueException.class);
		if (unreadable != null) {
			return analysis(failure, variable(unreadable.getName()), String.valueOf(unreadable.getValue()),
					form(unreadable.getName(), formByName(unreadable.getReason())));
		}
		BindException bind = find(failure, BindException.class);
		if (bind == null) {
			return null;
		}
		String property = bind.getName().toString();
		ConversionFailedException conversion = find(bind, ConversionFailedException.class);
		if (conversion != null) {
			return analysis(failure, variable(property), String.valueOf(conversion.getValue()),
					form(property, FORMS.get(boxed(conversion.getTargetType().getType()))));
		}
		// A properties record refused the values it was given, and its message names the
		// variable and the form.
		Throwable refusal = find(bind, IllegalArgumentException.class);
		return (refusal != null && refusal.getMessage() != null)
				? new FailureAnalysis(refusal.getMessage(), "Correct it in the environment or in .env.", failure)
				: null;
	}

	private static FailureAnalysis analysis(Throwable failure, String variable, String value, String accepted) {
		return new FailureAnalysis(variable + "=" + value + " is not valid: use " + accepted + ".",
				"Correct " + variable + " in the environment or in .env.", failure);
	}

	/** The environment variable that application.yml maps onto the property. */
	private String variable(String property) {
		if (this.environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				Object raw = source.getProperty(property);
				if (raw != null) {
					Matcher matcher = VARIABLE.matcher(raw.toString());
					if (matcher.matches()) {
						return matcher.group(1);
					}
				}
			}
		}
		return property;
	}

	private static String form(String property, @Nullable String form) {
		if ("server.port".equals(property)) {
			return "a port number such as 8080";
		}
		return (form != null) ? form : "a value " + property + " accepts";
	}

	// Spring names the type only in its reason when a condition reads the property.
	private static @Nullable String formByName(String reason) {
		return FORMS.entrySet()
			.stream()
			.filter(entry -> reason.contains(entry.getKey().getName()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	private static Class<?> boxed(Class<?> type) {
		if (type == int.class) {
			return Integer.class;
		}
		if (type == long.class) {
			return Long.class;
		}
		return (type == boolean.class) ? Boolean.class : type;
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
