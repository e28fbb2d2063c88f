package dev.llmchat.frontend.system;

import java.util.List;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The language of every page follows the browser's Accept-Language: English or Brazilian Portuguese.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	static final Locale BRAZILIAN_PORTUGUESE = Locale.of("pt", "BR");

	@Bean
	LocaleResolver localeResolver() {
		AcceptHeaderLocaleResolver resolver = new AcceptHeaderLocaleResolver();
		resolver.setSupportedLocales(List.of(Locale.ENGLISH, BRAZILIAN_PORTUGUESE));
		resolver.setDefaultLocale(Locale.ENGLISH);
		return resolver;
	}

}
