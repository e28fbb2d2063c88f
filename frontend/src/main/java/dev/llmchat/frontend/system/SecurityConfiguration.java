package dev.llmchat.frontend.system;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may see what: pages need a signed-in session, the JSON API answers 401/403 as problem+json instead of
 * redirecting, every POST needs the CSRF token, and the browser is told to load nothing from other hosts. No
 * request creates a server-side session: the session package keeps the person and the CSRF token in cookies.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityContextRepository contexts,
			CsrfTokenRepository csrfTokens, ProblemWriter problems) throws Exception {
		RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
		http.authorizeHttpRequests((authorize) -> authorize
			.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
			.requestMatchers("/", "/login", "/register", "/health", "/error", "/css/**", "/js/**", "/webjars/**",
					"/favicon.svg")
			.permitAll()
			// health and metrics, which only the management port serves (on loopback unless MANAGEMENT_ADDRESS names
			// another address)
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.permitAll()
			.anyRequest().authenticated())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.securityContext((context) -> context.securityContextRepository(contexts))
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens))
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor((request, response, ex) -> problems.write(request, response,
						HttpStatus.UNAUTHORIZED, "api.unauthenticated"), api)
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
						AnyRequestMatcher.INSTANCE)
				.defaultAccessDeniedHandlerFor((request, response, ex) -> problems.write(request, response,
						HttpStatus.FORBIDDEN, "api.forbidden"), api))
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
		return http.build();
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

}
