package dev.llmchat.backend.system;

import java.time.Clock;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Picked up by Spring Boot's JSON mapper: refuses request text that cannot be stored as it came. */
	@Bean
	UnicodeTextModule unicodeTextModule() {
		return new UnicodeTextModule();
	}

	@Bean
	OpenAPI openApi(AppProperties app) {
		return new OpenAPI()
			.info(new Info().title(app.appName())
				.version("1")
				.description("Chats with a self-hosted model served by vLLM (or any OpenAI-compatible server). "
						+ "Log in with POST /auth/login, then send the token as Authorization: Bearer <token>. "
						+ "Errors are application/problem+json with a human sentence in detail."))
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

}
