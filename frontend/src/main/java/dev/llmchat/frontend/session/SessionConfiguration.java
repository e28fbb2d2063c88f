package dev.llmchat.frontend.session;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMapManager;

import tools.jackson.databind.json.JsonMapper;

/**
 * The browser's session without a server-side session: who is signed in, the CSRF token and the flash messages
 * all live in cookies, so that any replica answers any request and none keeps state between requests.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	private static final String CSRF_COOKIE = "LLMCHAT_CSRF";

	private static final Logger log = LoggerFactory.getLogger(SessionConfiguration.class);

	@Bean
	CookieSeal cookieSeal(SessionProperties properties) {
		List<byte[]> secrets = new ArrayList<>();
		if (properties.secret() != null) {
			secrets.add(properties.secret().getBytes(StandardCharsets.UTF_8));
		}
		else {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			secrets.add(random);
			log.warn("SESSION_SECRET is not set: sessions are sealed with a random key of this process. They end when "
					+ "it stops, and another replica cannot read them; give every replica the same SESSION_SECRET.");
		}
		if (properties.previousSecret() != null) {
			secrets.add(properties.previousSecret().getBytes(StandardCharsets.UTF_8));
		}
		return new CookieSeal(secrets, Clock.systemUTC());
	}

	@Bean
	SessionCookieRepository securityContextRepository(CookieSeal seal, SessionProperties properties) {
		return new SessionCookieRepository(seal, properties.timeout());
	}

	/** Before Spring Security's filters, so that a cookie they turn away (no session in it) is cleared too. */
	@Bean
	FilterRegistrationBean<SessionRenewalFilter> sessionRenewalFilter(SessionCookieRepository sessions) {
		FilterRegistrationBean<SessionRenewalFilter> registration = new FilterRegistrationBean<>(
				new SessionRenewalFilter(sessions));
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
		return registration;
	}

	/**
	 * The CSRF token in a cookie of its own, which the page's scripts cannot read either: they take the token from
	 * the page's meta tags, masked afresh on every page (Spring Security's default, safe against BREACH).
	 */
	@Bean
	CsrfTokenRepository csrfTokenRepository() {
		CookieCsrfTokenRepository tokens = new CookieCsrfTokenRepository();
		tokens.setCookieName(CSRF_COOKIE);
		tokens.setHeaderName("X-CSRF-TOKEN");
		tokens.setCookiePath("/");
		tokens.setCookieCustomizer((cookie) -> cookie.sameSite("Lax"));
		return tokens;
	}

	@Bean(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
	FlashMapManager flashMapManager(CookieSeal seal, JsonMapper json) {
		return new FlashCookieManager(seal, json);
	}

}
