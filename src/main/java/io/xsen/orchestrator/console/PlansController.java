package io.xsen.orchestrator.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.xsen.orchestrator.catalog.CatalogPrice;
import io.xsen.orchestrator.catalog.CatalogProduct;
import io.xsen.orchestrator.catalog.CatalogSnapshot;
import io.xsen.orchestrator.catalog.StripeCatalog;
import io.xsen.orchestrator.ops.CatalogSync;
import io.xsen.orchestrator.subscription.SubscriptionReports;
import io.xsen.orchestrator.subscription.SubscriptionReports.PlanFigures;
import io.xsen.orchestrator.subscription.TierCatalog;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/plans}: each product of Stripe's catalog with the tier or add-on its
 * metadata grants, its features, its prices, the customers holding it with access and its
 * monthly recurring revenue; conflicts and prices that grant nothing flagged; the Sync
 * catalog button.
 */
@Controller
class PlansController {

	private final StripeCatalog catalog;

	private final TierCatalog tiers;

	private final SubscriptionReports reports;

	private final CatalogSync sync;

	PlansController(StripeCatalog catalog, TierCatalog tiers, SubscriptionReports reports, CatalogSync sync) {
		this.catalog = catalog;
		this.tiers = tiers;
		this.reports = reports;
		this.sync = sync;
	}

	@GetMapping("/console/plans")
	String plans(Model model) {
		CatalogSnapshot current = this.catalog.current();
		Map<String, PlanFigures> figures = this.reports.planFigures();
		Map<String, List<String>> features = this.catalog.featuresByProduct();
		List<Plan> plans = new ArrayList<>();
		List<String> unmapped = new ArrayList<>();
		for (CatalogProduct product : current.productsInOrder()) {
			List<CatalogPrice> prices = current.pricesOf(product.id());
			String tier = product.metadata(CatalogProduct.TIER);
			prices.stream()
				.filter(price -> this.tiers.tierForPrice(price.id()).isEmpty() && !this.tiers.isAddOn(price.id()))
				.forEach(price -> unmapped.add(price.id() + " (" + productName(product) + ")"));
			PlanFigures held = figures.getOrDefault(product.id(), new PlanFigures(0, Map.of()));
			plans.add(new Plan(product, productName(product), tier, (tier != null) ? this.tiers.rank(tier) : null,
					product.metadata(CatalogProduct.MESSAGES_PER_PERIOD),
					product.metadata(CatalogProduct.REQUESTS_PER_MINUTE),
					(tier == null) ? product.metadata(CatalogProduct.EXTRA_MESSAGES) : null,
					features.getOrDefault(product.id(), List.of()), prices, held.customers(), held.monthlyRevenue()));
		}
		model.addAttribute("plans", plans);
		model.addAttribute("tiers", this.tiers.tiersAscending());
		model.addAttribute("conflicts", this.tiers.conflicts());
		model.addAttribute("unmapped", unmapped);
		return "console/plans";
	}

	@PostMapping("/console/plans/sync")
	String syncCatalog(RedirectAttributes redirect) {
		try {
			CatalogSync.Result result = this.sync.sync();
			redirect.addFlashAttribute("notice", "Catalog synced from Stripe: " + result.products() + " products, "
					+ result.prices() + " prices, " + result.changed() + " changed.");
		}
		catch (RuntimeException ex) {
			ActionFailures.report(ex, "Sync catalog", redirect);
		}
		return "redirect:/console/plans";
	}

	private static String productName(CatalogProduct product) {
		return (product.name() != null) ? product.name() : product.id();
	}

	/**
	 * One product as the page shows it.
	 *
	 * @param rank the rank its tier has now, which variables may set
	 * @param extraMessages the messages one unit adds, for an add-on
	 * @param features the lookup keys of the Stripe Entitlements features attached to it
	 */
	record Plan(CatalogProduct product, String name, @Nullable String tier, @Nullable Integer rank,
			@Nullable String messagesPerPeriod, @Nullable String requestsPerMinute, @Nullable String extraMessages,
			List<String> features, List<CatalogPrice> prices, long customers, Map<String, Double> monthlyRevenue) {
	}

}
