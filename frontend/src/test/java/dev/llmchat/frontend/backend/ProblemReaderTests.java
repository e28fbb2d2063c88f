package dev.llmchat.frontend.backend;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the backend sends with an error status, the reader picks the right exception and never fails.
 */
class ProblemReaderTests {

	private final ProblemReader reader = new ProblemReader(JsonMapper.builder().build());

	@Property
	void anyBodyGivesTheExceptionOfItsStatus(@ForAll byte[] body, @ForAll @IntRange(min = 400, max = 599) int status,
			@ForAll boolean authenticated) {
		RuntimeException ex = this.reader.translate(HttpStatusCode.valueOf(status), MediaType.APPLICATION_PROBLEM_JSON,
				body, authenticated);
		if (status == 401 && authenticated) {
			assertThat(ex).isInstanceOf(SessionExpiredException.class);
		}
		else if (status == 404) {
			assertThat(ex).isInstanceOf(BackendNotFoundException.class);
		}
		else {
			assertThat(ex).isExactlyInstanceOf(BackendProblemException.class);
			assertThat(((BackendProblemException) ex).status().value()).isEqualTo(status);
		}
	}

	@Property
	void aStringDetailIsKeptAsItIs(@ForAll String detail) {
		String body = JsonMapper.builder().build().writeValueAsString(java.util.Map.of("detail", detail));
		BackendProblemException ex = (BackendProblemException) this.reader.translate(HttpStatusCode.valueOf(422),
				MediaType.APPLICATION_PROBLEM_JSON, body.getBytes(StandardCharsets.UTF_8), true);
		assertThat(ex.detail()).isEqualTo(detail);
	}

}
