package dev.llmchat.backend.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Application-wide settings, bound from the system description's environment names
 * ({@code APP_NAME}, {@code DEBUG}, {@code CORS_ORIGINS}) in {@code application.properties}.
 *
 * @param appName shown in the OpenAPI description and the health answer
 * @param debug relaxes start-up checks meant for production (see the auth settings)
 * @param corsOrigins browser origins allowed to call the API; a JSON array or a comma list
 * @param maxRequestBytes the largest request body accepted (413 above), declared or streamed
 * @param maxImportBytes the largest file {@code POST /chats/import} accepts (413 above): exports are bigger than
 * requests
 */
@ConfigurationProperties("llmchat")
public record AppProperties(String appName, boolean debug, String corsOrigins,
		@DefaultValue("256KB") DataSize maxRequestBytes, @DefaultValue("20MB") DataSize maxImportBytes) {

	public AppProperties {
		appName = (appName == null || appName.isBlank()) ? "llmchat" : appName;
		maxRequestBytes = (maxRequestBytes == null) ? DataSize.ofKilobytes(256) : maxRequestBytes;
		if (maxRequestBytes.toBytes() < 1024) {
			throw new IllegalArgumentException("llmchat.max-request-bytes (MAX_REQUEST_BYTES) is " + maxRequestBytes
					+ "; it must be at least 1KB, or no prompt fits.");
		}
		maxImportBytes = (maxImportBytes == null) ? DataSize.ofMegabytes(20) : maxImportBytes;
		if (maxImportBytes.compareTo(maxRequestBytes) < 0) {
			throw new IllegalArgumentException("llmchat.max-import-bytes (MAX_IMPORT_BYTES) is " + maxImportBytes
					+ "; it must be at least llmchat.max-request-bytes (" + maxRequestBytes + ").");
		}
	}

	/** The allowed origins, accepting the description's JSON array form and a plain comma list. */
	public List<String> corsOriginList() {
		if (corsOrigins == null || corsOrigins.isBlank()) {
			return List.of();
		}
		String list = corsOrigins.strip();
		if (list.startsWith("[") && list.endsWith("]")) {
			list = list.substring(1, list.length() - 1);
		}
		return java.util.Arrays.stream(list.split(","))
			.map(origin -> origin.strip().replaceAll("^\"|\"$", "").strip())
			.filter(origin -> !origin.isEmpty())
			.distinct()
			.toList();
	}

}
