package io.xsen.orchestrator.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Operators paste Railway's {@code postgresql://} URL or a JDBC URL into
 * {@code DATABASE_URL}; both must work.
 */
class DatabaseUrlTests {

	@Test
	void railwayUrlsBecomeJdbcUrlsWithTheirCredentials() {
		DatabaseUrl url = DatabaseUrl
			.parse("postgresql://postgres:s3cr%40t+pw@containers-us-west-1.railway.app:7432/railway");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://containers-us-west-1.railway.app:7432/railway");
		assertThat(url.username()).isEqualTo("postgres");
		assertThat(url.password()).isEqualTo("s3cr@t+pw");
	}

	@Test
	void thePostgresSchemeAndQueryParametersAreKept() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://xsen@db.internal/xsen?sslmode=require");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/xsen?sslmode=require");
		assertThat(url.username()).isEqualTo("xsen");
		assertThat(url.password()).isNull();
	}

	@Test
	void jdbcUrlsPassThroughUnchanged() {
		DatabaseUrl url = DatabaseUrl.parse(" jdbc:postgresql://localhost:5432/xsen?user=postgres ");

		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/xsen?user=postgres");
		assertThat(url.username()).isNull();
	}

	@Test
	void otherSchemesAreRefusedNamingTheVariable() {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse("mysql://root@localhost/xsen"))
			.withMessageContaining("DATABASE_URL");
	}

	@Test
	void thePasswordNeverShowsInTheDescription() {
		assertThat(DatabaseUrl.parse("postgresql://postgres:hunter2@db:5432/xsen").toString())
			.doesNotContain("hunter2");
	}

}
