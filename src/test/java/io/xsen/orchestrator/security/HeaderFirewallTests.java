package io.xsen.orchestrator.security;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XSEN's header rule answers as Spring Security's default patterns do, for every
 * character.
 */
class HeaderFirewallTests {

	@Test
	void everyCharacterIsJudgedAsTheDefaultPatternsJudgeIt() {
		List<String> samples = new ArrayList<>();
		for (int c = 0; c <= Character.MAX_VALUE; c++) {
			samples.add("Bearer x" + (char) c + "y");
		}
		samples.add("😀 an emoji, a surrogate pair");
		samples.add(new String(Character.toChars(0x10FFFF)));
		samples.add("tab\tinside");
		samples.add("\uD800 a lone surrogate");
		List<String> differing = samples.stream()
			.filter(text -> HeaderFirewall.allowed(text, false) != StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text)
					|| HeaderFirewall.allowed(text, true) != StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text))
			.toList();
		assertThat(differing).isEmpty();
		assertThat(HeaderFirewall.allowed("Bearer xsen_abc", true)).isTrue();
		assertThat(HeaderFirewall.allowed("a\u0007bell", true)).isFalse();
		assertThat(HeaderFirewall.allowed("tab\tinside", false)).isFalse();
		assertThat(HeaderFirewall.allowed("tab\tinside", true)).isTrue();
	}

}
