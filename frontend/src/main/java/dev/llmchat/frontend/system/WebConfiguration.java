package dev.llmchat.frontend.system;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The language of every page follows the browser's Accept-Language: English, or Brazilian Portuguese for any
 * kind of Portuguese (the only one there is).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	static final Locale BRAZILIAN_PORTUGUESE = Locale.of("pt", "BR");

	@Bean
	LocaleResolver localeResolver() {
		AcceptHeaderLocaleResolver resolver = new AcceptHeaderLocaleResolver() {

			@Override
			public Locale resolveLocale(HttpServletRequest request) {
				Locale locale = super.resolveLocale(request);
				return BRAZILIAN_PORTUGUESE.getLanguage().equals(locale.getLanguage()) ? BRAZILIAN_PORTUGUESE : locale;
			}

		};
		resolver.setSupportedLocales(List.of(Locale.ENGLISH, BRAZILIAN_PORTUGUESE, Locale.of("pt")));
		resolver.setDefaultLocale(Locale.ENGLISH);
		return resolver;
	}

}
