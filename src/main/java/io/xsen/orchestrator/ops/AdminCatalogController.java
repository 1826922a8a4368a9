package io.xsen.orchestrator.ops;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xsen.orchestrator.billing.StripeOutageDetail;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets an operator read Stripe's catalog again at once, after changing products or prices
 * while webhooks were not delivered; the admin key guards it.
 */
@Tag(name = "Catalog")
@RestController
@StripeOutageDetail("The Stripe API could not be reached; sync the catalog again later")
class AdminCatalogController {

	private final CatalogSync sync;

	AdminCatalogController(CatalogSync sync) {
		this.sync = sync;
	}

	@Operation(operationId = "syncCatalog", summary = "Read Stripe's products and prices into XSEN's catalog")
	@PostMapping("/admin/catalog/sync")
	CatalogSync.Result sync() {
		return this.sync.sync();
	}

}
