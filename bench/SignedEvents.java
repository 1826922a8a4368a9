import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes validly signed, unique customer.subscription.updated deliveries for the XSEN benchmark, one per line as
 * "signature TAB body", signed now so they stay inside Stripe's 300 s tolerance while wrk sends them.
 *
 * Usage: java bench/SignedEvents.java OUT_FILE ID_PREFIX EVENTS SUBSCRIPTIONS WEBHOOK_SECRET PRICE SECONDS_AGO
 */
public class SignedEvents {

	public static void main(String[] args) throws IOException, GeneralSecurityException {
		Path out = Path.of(args[0]);
		String prefix = args[1];
		int events = Integer.parseInt(args[2]);
		int subscriptions = Integer.parseInt(args[3]);
		String secret = args[4];
		String price = args[5];
		// The measured run starts later than the warm-up, so its events are newer than every one applied before.
		long secondsAgo = Long.parseLong(args[6]);
		long now = System.currentTimeMillis() / 1000;
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		try (BufferedWriter writer = Files.newBufferedWriter(out)) {
			for (int n = 0; n < events; n++) {
				int customer = n % subscriptions;
				// Each subscription's events move forward in time, so every one of them is newer than the last.
				long created = now - secondsAgo + n / subscriptions;
				long periodEnd = now + 30 * 86_400 + n;
				String body = "{\"id\":\"evt_" + prefix + "_" + now + "_" + n + "\",\"object\":\"event\",\"type\":\"customer.subscription.updated\","
						+ "\"created\":" + created + ",\"api_version\":\"2025-09-30.clover\",\"livemode\":false,"
						+ "\"data\":{\"object\":{\"id\":\"sub_bench" + customer + "\",\"object\":\"subscription\","
						+ "\"customer\":\"cus_bench" + customer + "\",\"status\":\"active\",\"cancel_at_period_end\":false,"
						+ "\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_bench" + customer + "\",\"object\":\"subscription_item\","
						+ "\"price\":{\"id\":\"" + price + "\",\"object\":\"price\"},\"current_period_end\":" + periodEnd + "}]}},"
						+ "\"previous_attributes\":{\"current_period_end\":" + (periodEnd - 1) + "}}}";
				String signed = now + "." + body;
				String signature = "t=" + now + ",v1="
						+ HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
				writer.write(signature);
				writer.write('\t');
				writer.write(body);
				writer.newLine();
			}
		}
	}

}
