// The page scripts' calls to the frontend's JSON API: same-origin, with the CSRF header, and a failure's problem
// detail as the sentence to show.
window.LlmApi = (function () {
	'use strict';

	function metaContent(name) {
		var meta = document.querySelector('meta[name="' + name + '"]');
		return meta ? meta.getAttribute('content') : null;
	}

	var csrfHeader = metaContent('csrf-header');
	var csrfToken = metaContent('csrf-token');

	/** Request headers with the CSRF token and any extra ones. */
	function headers(extra) {
		var result = { 'Accept': 'text/event-stream, application/problem+json, application/json' };
		if (csrfHeader && csrfToken) {
			result[csrfHeader] = csrfToken;
		}
		Object.keys(extra || {}).forEach(function (key) {
			result[key] = extra[key];
		});
		return result;
	}

	/** A fetch of the JSON API; a JSON body (when given) is sent as such. */
	function call(method, url, body) {
		var options = { method: method, credentials: 'same-origin', headers: headers({}) };
		if (body !== undefined) {
			options.headers['Content-Type'] = 'application/json';
			options.body = JSON.stringify(body);
		}
		return fetch(url, options);
	}

	/** The sentence of a refused request: the problem's detail, or the general one. */
	async function problemDetail(response) {
		try {
			var problem = await response.json();
			if (problem && typeof problem.detail === 'string' && problem.detail) {
				return problem.detail;
			}
		} catch (e) {
			// not JSON: fall through to the general sentence
		}
		return LlmRender.text('error.generic');
	}

	/** Sends the person to log in again when the session ended; says whether it did. */
	function sessionEnded(response) {
		if (response.status === 401) {
			window.location.assign('/login?expired');
			return true;
		}
		return false;
	}

	return { headers: headers, call: call, problemDetail: problemDetail, sessionEnded: sessionEnded };
})();
