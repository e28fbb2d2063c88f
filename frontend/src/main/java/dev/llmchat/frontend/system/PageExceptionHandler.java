package dev.llmchat.frontend.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import dev.llmchat.frontend.auth.SessionSignIn;
import dev.llmchat.frontend.backend.BackendNotFoundException;
import dev.llmchat.frontend.backend.BackendProblemException;
import dev.llmchat.frontend.backend.BackendUnavailableException;
import dev.llmchat.frontend.backend.SessionExpiredException;

/**
 * What a page shows when the backend fails it: the login page after an expired session, the friendly 404,
 * the banner when the backend is down, the backend's own sentence otherwise.
 */
@ControllerAdvice
class PageExceptionHandler {

	private final SessionSignIn sessions;

	PageExceptionHandler(SessionSignIn sessions) {
		this.sessions = sessions;
	}

	@ExceptionHandler(SessionExpiredException.class)
	String sessionExpired(HttpServletRequest request, HttpServletResponse response) {
		this.sessions.signOut(request, response);
		return "redirect:/login?expired";
	}

	@ExceptionHandler(BackendNotFoundException.class)
	ModelAndView notFound() {
		return errorPage("error/404", HttpStatus.NOT_FOUND);
	}

	@ExceptionHandler(BackendUnavailableException.class)
	ModelAndView backendUnavailable() {
		ModelAndView page = errorPage("error", HttpStatus.SERVICE_UNAVAILABLE);
		page.addObject(Alerts.BACKEND_DOWN, true);
		return page;
	}

	@ExceptionHandler(BackendProblemException.class)
	ModelAndView backendProblem(BackendProblemException ex) {
		ModelAndView page = errorPage("error", ex.status());
		if (ex.detail() != null) {
			page.addObject(Alerts.PROBLEM, ex.detail());
		}
		return page;
	}

	private static ModelAndView errorPage(String view, HttpStatusCode status) {
		ModelAndView page = new ModelAndView(view, status);
		page.addObject("status", status.value());
		return page;
	}

}
