package io.xsen.orchestrator.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * A PostgreSQL location as JDBC needs it, read from Railway's
 * {@code postgresql://user:pass@host:port/db} form or from a {@code jdbc:postgresql://}
 * URL.
 */
public record DatabaseUrl(String jdbcUrl, @Nullable String username, @Nullable String password) {

	public static DatabaseUrl parse(String url) {
		String trimmed = url.trim();
		if (trimmed.startsWith("jdbc:postgresql:")) {
			return new DatabaseUrl(trimmed, null, null);
		}
		URI uri;
		try {
			uri = new URI(trimmed);
		}
		catch (URISyntaxException ex) {
			throw malformed(trimmed);
		}
		if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
			throw malformed(trimmed);
		}
		String port = (uri.getPort() != -1) ? ":" + uri.getPort() : "";
		String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
		String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query;
		String userInfo = uri.getRawUserInfo();
		if (userInfo == null) {
			return new DatabaseUrl(jdbcUrl, null, null);
		}
		int colon = userInfo.indexOf(':');
		return (colon < 0) ? new DatabaseUrl(jdbcUrl, decode(userInfo), null)
				: new DatabaseUrl(jdbcUrl, decode(userInfo.substring(0, colon)), decode(userInfo.substring(colon + 1)));
	}

	// The password stays out of the log.
	private static SettingInvalid malformed(String url) {
		return new SettingInvalid("DATABASE_URL", url.replaceFirst("(//[^/:@]*:)[^/@]*@", "$1***@"),
				"postgresql://user:password@host:port/database or jdbc:postgresql://host:port/database");
	}

	// Percent-decoding only: a '+' in a password is a plus, not a space.
	private static String decode(String value) {
		return StringUtils.uriDecode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "DatabaseUrl[" + this.jdbcUrl + ", user=" + this.username + "]";
	}

}
