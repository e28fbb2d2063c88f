package dev.llmchat.backend.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AppPropertiesTests {

	@Test
	void corsOriginsAcceptTheDescriptionsJsonArray() {
		AppProperties app = new AppProperties("x", true,
				"[\"http://localhost:3000\",\"http://localhost:5001\",\"*\"]", null, null);
		assertThat(app.corsOriginList()).containsExactly("http://localhost:3000", "http://localhost:5001", "*");
	}

	@Test
	void corsOriginsAcceptACommaList() {
		assertThat(new AppProperties("x", false, " http://a.example , http://b.example,", null, null).corsOriginList())
			.containsExactly("http://a.example", "http://b.example");
		assertThat(new AppProperties("x", false, "", null, null).corsOriginList()).isEmpty();
		assertThat(new AppProperties(null, false, null, null, null).appName()).isEqualTo("llmchat");
	}

}
