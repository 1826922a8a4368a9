package io.xsen.orchestrator.email;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An email the SMTP server received, read as its recipient would: who it is for, its
 * subject, its plain-text and HTML parts and the XSEN link it carries.
 */
record ReceivedEmail(List<String> recipients, String subject, String messageId, String text, String html) {

	private static final Pattern LINK = Pattern.compile("https://xsen\\.test(/(?:access|billing)/[A-Za-z0-9_-]{32})");

	static ReceivedEmail of(MimeMessage message) {
		try {
			Parts parts = new Parts();
			parts.collect(message);
			return new ReceivedEmail(Arrays.stream(message.getAllRecipients())
				.map(address -> ((InternetAddress) address).getAddress())
				.toList(), message.getSubject(), message.getMessageID(), parts.text, parts.html);
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The path of the link both parts carry. */
	String linkPath() {
		Matcher inText = LINK.matcher(this.text);
		assertThat(inText.find()).as("a link in the text part:\n%s", this.text).isTrue();
		assertThat(this.html).contains("href=\"https://xsen.test" + inText.group(1) + "\"");
		return inText.group(1);
	}

	private static final class Parts {

		private String text = "";

		private String html = "";

		void collect(Part part) throws MessagingException, IOException {
			if (part.isMimeType("multipart/*")) {
				Multipart multipart = (Multipart) part.getContent();
				for (int i = 0; i < multipart.getCount(); i++) {
					BodyPart child = multipart.getBodyPart(i);
					collect(child);
				}
			}
			else if (part.isMimeType("text/plain")) {
				this.text = (String) part.getContent();
			}
			else if (part.isMimeType("text/html")) {
				this.html = (String) part.getContent();
			}
		}

	}

}
