package dev.llmchat.backend.system;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies larger than {@code llmchat.max-request-bytes} ({@code llmchat.max-import-bytes} for the
 * import of exported chats) with 413 problem+json before anything reads them: a declared {@code Content-Length} is
 * checked up front, and a chunked body (which declares none) is read into memory only up to the limit and refused
 * as soon as it passes it. Runs just after the security filters, so
 * its answers carry the security headers and anonymous calls to protected routes are still a plain 401.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1)
class RequestSizeFilter extends OncePerRequestFilter {

	private static final String IMPORT_PATH = "/chats/import";

	private final long maxBytes;

	private final long maxImportBytes;

	private final JsonMapper json;

	RequestSizeFilter(AppProperties app, JsonMapper json) {
		this.maxBytes = app.maxRequestBytes().toBytes();
		this.maxImportBytes = app.maxImportBytes().toBytes();
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long maxBytes = isImport(request) ? this.maxImportBytes : this.maxBytes;
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			refuse(request, response, "The request body is " + declared + " bytes; the most accepted is "
					+ maxBytes + " bytes. Send less.");
			return;
		}
		if (declared < 0 && isChunked(request)) {
			byte[] body = readAtMost(request.getInputStream(), maxBytes + 1);
			if (body.length > maxBytes) {
				refuse(request, response, "The request body is larger than the " + maxBytes
						+ " bytes accepted. Send less.");
				return;
			}
			chain.doFilter(new BufferedBodyRequest(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isImport(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && IMPORT_PATH.equals(request.getRequestURI());
	}

	private static boolean isChunked(HttpServletRequest request) {
		String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
		return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
	}

	private static byte[] readAtMost(InputStream in, long limit) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long total = 0;
		int read;
		while (total < limit && (read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) != -1) {
			out.write(buffer, 0, read);
			total += read;
		}
		return out.toByteArray();
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
		ProblemDetail problem = ProblemHandler.problem(HttpStatus.CONTENT_TOO_LARGE, detail);
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		// the rest of the body is not read; the connection is not worth keeping for it
		response.setHeader(HttpHeaders.CONNECTION, "close");
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/** The request with its (chunked) body already read into memory. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] bytes, int offset, int length) {
					return in.read(bytes, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body is already in memory");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			Charset charset = (getCharacterEncoding() != null) ? Charset.forName(getCharacterEncoding())
					: StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
