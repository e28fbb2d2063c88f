package dev.llmchat.frontend.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.AbstractFlashMapManager;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries flash attributes (the notice after a redirect) in the sealed cookie {@value #COOKIE} instead of the
 * server-side session, so that the page after the redirect shows them whichever replica answers it. The values
 * must be what JSON keeps: strings, numbers, booleans.
 */
final class FlashCookieManager extends AbstractFlashMapManager {

	static final String COOKIE = "LLMCHAT_FLASH";

	private static final Logger log = LoggerFactory.getLogger(FlashCookieManager.class);

	/** The flash maps as this request left them, which its own cookie no longer tells. */
	private static final String CURRENT = FlashCookieManager.class.getName() + ".CURRENT";

	private static final TypeReference<List<StoredFlash>> STORED = new TypeReference<>() {
	};

	private final CookieSeal seal;

	private final JsonMapper json;

	FlashCookieManager(CookieSeal seal, JsonMapper json) {
		this.seal = seal;
		this.json = json;
	}

	@Override
	@SuppressWarnings("unchecked")
	protected List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
		List<FlashMap> current = (List<FlashMap>) request.getAttribute(CURRENT);
		if (current != null) {
			return current;
		}
		return this.seal.open(COOKIE, Cookies.value(request, COOKIE), lifetime())
			.map((opened) -> read(opened.payload()))
			.orElse(null);
	}

	@Override
	protected void updateFlashMaps(List<FlashMap> flashMaps, HttpServletRequest request,
			HttpServletResponse response) {
		request.setAttribute(CURRENT, flashMaps);
		if (flashMaps.isEmpty()) {
			Cookies.clear(request, response, COOKIE);
			return;
		}
		List<StoredFlash> stored = flashMaps.stream().map(StoredFlash::of).toList();
		try {
			Cookies.set(request, response, COOKIE, this.seal.seal(COOKIE, this.json.writeValueAsBytes(stored)),
					lifetime());
		}
		catch (IllegalArgumentException ex) {
			// a notice is not worth a failed request
			log.warn("A flash message is dropped: {}", ex.getMessage());
		}
	}

	/** Nothing to lock: each browser's flash maps are in its own cookie. */
	@Override
	protected Object getFlashMapsMutex(HttpServletRequest request) {
		return null;
	}

	/** The flash maps in a list the base class may change. */
	private List<FlashMap> read(byte[] payload) {
		try {
			return this.json.readValue(payload, STORED)
				.stream()
				.map(StoredFlash::toFlashMap)
				.collect(Collectors.toCollection(ArrayList::new));
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private Duration lifetime() {
		return Duration.ofSeconds(getFlashMapTimeout());
	}

	/** A flash map as JSON: where it goes, with which parameters, until when, and what it carries. */
	private record StoredFlash(String path, Map<String, List<String>> params, long expires,
			Map<String, Object> attributes) {

		static StoredFlash of(FlashMap flash) {
			return new StoredFlash(flash.getTargetRequestPath(), flash.getTargetRequestParams(),
					flash.getExpirationTime(), new LinkedHashMap<>(flash));
		}

		FlashMap toFlashMap() {
			FlashMap flash = new FlashMap();
			flash.setTargetRequestPath(this.path);
			flash.addTargetRequestParams(new LinkedMultiValueMap<>(this.params));
			flash.setExpirationTime(this.expires);
			flash.putAll(this.attributes);
			return flash;
		}

	}

}
