package dev.llmchat.backend.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code /error} page of the servlet container, which answers what never reached a controller (a method
 * Tomcat refuses such as TRACE, an error raised in a filter): problem+json with a neutral sentence, like every other
 * error of the API, instead of Spring Boot's default error JSON. The cause, if any, is logged where it happened.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatusCode status = HttpStatusCode.valueOf((code instanceof Integer value && value >= 400) ? value : 500);
		String detail = status.is5xxServerError()
				? "Something went wrong on the server; the error has been logged. Try again."
				: ProblemHandler.defaultDetail(status);
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemHandler.problem(status, detail));
	}

}
