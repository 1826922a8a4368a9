package io.xsen.orchestrator.token;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of an XSEN token, the check that refuses anything else before a database
 * lookup, and what is stored and shown of it.
 */
class BearerTokensTests {

	private static final String WELL_FORMED = "xsen_" + "A".repeat(20) + "z".repeat(20) + "0-_";

	@Test
	void aGeneratedTokenIsThePrefixAnd43UrlSafeCharacters() {
		String token = BearerTokens.generate();
		assertThat(token).matches("xsen_[A-Za-z0-9_-]{43}");
		assertThat(BearerTokens.isWellFormed(token)).isTrue();
	}

	@Test
	void generatedTokensDoNotRepeat() {
		Set<String> tokens = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			tokens.add(BearerTokens.generate());
		}
		assertThat(tokens).hasSize(1000);
	}

	@Test
	void theLongestUrlSafeAlphabetIsWellFormed() {
		assertThat(WELL_FORMED).hasSize(48);
		assertThat(BearerTokens.isWellFormed(WELL_FORMED)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "xsen_", "xsen_AAAAAAAAAAAAAAAAAAAAzzzzzzzzzzzzzzzzzzzz0-",
			"xsen_AAAAAAAAAAAAAAAAAAAAzzzzzzzzzzzzzzzzzzzz0-__", "XSEN_AAAAAAAAAAAAAAAAAAAAzzzzzzzzzzzzzzzzzzzz0-_",
			"xsn__AAAAAAAAAAAAAAAAAAAAzzzzzzzzzzzzzzzzzzzz0-_", "xsen_AAAAAAAAAAAAAAAAAAAAzzzzzzzzzzzzzzzzzzzz0+/",
			"xsen_AAAAAAAAAAAAAAAAAAAAzzzzzzzzzzzzzzzzzzzz0-=", "xsen_AAAAAAAAAAAAAAAAAAAAzzzzzzzzzzzzzzzzzzz 0-_",
			"xsen_AAAAAAAAAAAAAAAAAAAAzzzzzzzzzzzzzzzzzzzzé-_", "xsen_AAAAAAAAAAAAAAAAAAAAzzzzzzzzzzzzzzzzzzzz\n-_",
			"test-admin-key-0f7d3c9a51b24e8e9d6f" })
	void anythingElseIsNotWellFormed(String token) {
		assertThat(BearerTokens.isWellFormed(token)).isFalse();
	}

	@Test
	void theHashIsTheSha256OfTheTokensUtf8Bytes() {
		assertThat(BearerTokens.hash(WELL_FORMED)).hasSize(32);
		assertThat(BearerTokens.hash(WELL_FORMED)).isNotEqualTo(BearerTokens.hash(WELL_FORMED.replace('0', '1')));
		assertThat(HexFormat.of().formatHex(BearerTokens.hash("abc")))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		assertThat(HexFormat.of().formatHex(BearerTokens.hash("é")))
			.isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
	}

	@Test
	void supportSeesThePrefixAndSixCharactersOnly() {
		assertThat(BearerTokens.supportPrefix(WELL_FORMED)).isEqualTo("xsen_AAAAAA");
		String token = BearerTokens.generate();
		assertThat(BearerTokens.supportPrefix(token)).hasSize(11).isEqualTo(token.substring(0, 11));
	}

}
