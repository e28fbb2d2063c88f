package dev.llmchat.backend.auth;

import java.util.List;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import dev.llmchat.backend.system.AppProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's security: stateless bearer tokens, open routes for registering, logging in, health, models and the
 * API docs, and everything else for authenticated users only.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, TokenService tokens, TokenRevocations revocations, JsonMapper json)
			throws Exception {
		http.csrf(csrf -> csrf.disable())
			.cors(cors -> {
			})
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
						+ "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.frameOptions(frame -> frame.deny()))
			.authorizeHttpRequests(requests -> requests
				// an error page is rendered for a request already refused or failed
				.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
				.requestMatchers(HttpMethod.POST, "/auth/register", "/auth/login").permitAll()
				.requestMatchers(HttpMethod.GET, "/health", "/models", "/docs", "/docs/**", "/swagger-ui/**",
						"/swagger-ui.html", "/v3/api-docs", "/v3/api-docs/**")
				.permitAll()
				.requestMatchers(HttpMethod.OPTIONS, "/**").permitAll()
				// health and metrics, which only the management port serves (on loopback unless MANAGEMENT_ADDRESS
				// names another address)
				.requestMatchers(EndpointRequest.toAnyEndpoint()).permitAll()
				.anyRequest().authenticated())
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(new ProblemAuthenticationEntryPoint(json)))
			.addFilterBefore(new JwtAuthenticationFilter(tokens, revocations), UsernamePasswordAuthenticationFilter.class);
		return http.build();
	}

	/**
	 * A request the firewall refuses (a newline, a NUL or an encoded slash in its address, a malformed header) is a
	 * 400 problem like every other error, not Spring Boot's default error JSON.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler(JsonMapper json) {
		return (request, response, ex) -> {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"The request's address or headers hold characters that are not allowed; check how it is encoded.");
			problem.setTitle("Bad Request");
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			json.writeValue(response.getOutputStream(), problem);
		};
	}

	/**
	 * Spring Security observes nothing. Turning its observations off in the registry
	 * ({@code management.observations.enable.spring.security=false}) is not enough: they become no-ops, but each of
	 * its filters is still wrapped in an observing one in every request; these settings leave the filters unwrapped.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new PrehashedPasswordEncoder();
	}

	/**
	 * Origins from {@code CORS_ORIGINS}. A wildcard is never combined with credentials: with {@code *} in the list
	 * any origin may call, without cookies (the API uses bearer tokens anyway).
	 */
	@Bean
	CorsConfigurationSource corsConfigurationSource(AppProperties app) {
		List<String> origins = app.corsOriginList();
		CorsConfiguration cors = new CorsConfiguration();
		if (origins.contains("*")) {
			cors.addAllowedOriginPattern("*");
			cors.setAllowCredentials(false);
		}
		else {
			cors.setAllowedOrigins(origins);
			cors.setAllowCredentials(!origins.isEmpty());
		}
		cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Last-Event-ID", "Accept"));
		cors.setExposedHeaders(List.of("Retry-After", "Location"));
		cors.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

}
