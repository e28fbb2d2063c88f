// The chat page: sends prompts, streams answers through /api/stream, re-attaches to a running answer after a
// reload or a dropped connection (with Last-Event-ID), stops answers, and shows failures with a retry button.
(function () {
	'use strict';

	var root = document.getElementById('chat');
	if (!root) {
		return;
	}
	var chatId = Number(root.getAttribute('data-chat-id'));
	var t = LlmRender.text;
	var list = document.getElementById('messages');
	var form = document.getElementById('prompt-form');
	var promptBox = document.getElementById('prompt');
	var modelSelect = document.getElementById('model');
	var sendButton = document.getElementById('send');
	var stopButton = document.getElementById('stop');
	var errorBox = document.getElementById('chat-error');
	var errorText = document.getElementById('chat-error-text');
	var retryButton = document.getElementById('retry');
	var announcer = document.getElementById('announcer');
	var csrfHeader = metaContent('csrf-header');
	var csrfToken = metaContent('csrf-token');
	var MAX_REATTACH = 5;

	var busy = false;
	var lastEventId = null;
	var answer = null;
	var retryAction = null;

	function metaContent(name) {
		var meta = document.querySelector('meta[name="' + name + '"]');
		return meta ? meta.getAttribute('content') : null;
	}

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

	function sleep(ms) {
		return new Promise(function (resolve) {
			window.setTimeout(resolve, ms);
		});
	}

	function ShownError(message) {
		this.message = message;
	}

	// ---- messages on the page ----

	function nearBottom() {
		return window.innerHeight + window.scrollY >= document.body.scrollHeight - 120;
	}

	function createArticle(role) {
		var empty = document.getElementById('no-messages');
		if (empty) {
			empty.remove();
		}
		var article = document.createElement('article');
		article.className = 'message ' + (role === 'user' ? 'message-user' : 'message-assistant');
		article.setAttribute('data-role', role);
		var heading = document.createElement('h2');
		heading.className = 'message-role';
		heading.textContent = role === 'user' ? t('role.user') : t('role.assistant');
		var body = document.createElement('div');
		body.className = 'markdown';
		article.appendChild(heading);
		article.appendChild(body);
		if (role !== 'user') {
			var meta = document.createElement('div');
			meta.className = 'message-meta';
			var figures = document.createElement('span');
			figures.className = 'figures';
			meta.appendChild(figures);
			article.appendChild(meta);
		}
		list.appendChild(article);
		return article;
	}

	function setStatus(article, status) {
		article.setAttribute('data-status', status);
		var meta = article.querySelector('.message-meta');
		var old = meta.querySelector('.message-status');
		if (old) {
			old.remove();
		}
		var badges = {
			streaming: ['text-bg-info', t('status.streaming')],
			interrupted: ['text-bg-warning', t('status.interrupted')],
			error: ['text-bg-danger', t('status.error')]
		};
		if (badges[status]) {
			var badge = document.createElement('span');
			badge.className = 'badge message-status ' + badges[status][0];
			badge.textContent = badges[status][1];
			meta.insertBefore(badge, meta.firstChild);
		}
	}

	function Answer(article) {
		this.article = article;
		this.body = article.querySelector('.markdown');
		this.text = '';
		this.finished = false;
		this.frame = 0;
		this.article.setAttribute('aria-busy', 'true');
		this.body.textContent = '';
		setStatus(article, 'streaming');
	}

	Answer.prototype.append = function (chunk) {
		var self = this;
		this.text += chunk;
		if (!this.frame) {
			this.frame = window.requestAnimationFrame(function () {
				var follow = nearBottom();
				self.frame = 0;
				LlmRender.render(self.body, self.text, false);
				if (follow) {
					window.scrollTo(0, document.body.scrollHeight);
				}
			});
		}
	};

	Answer.prototype.settle = function (status) {
		if (this.frame) {
			window.cancelAnimationFrame(this.frame);
			this.frame = 0;
		}
		this.finished = true;
		this.article.removeAttribute('aria-busy');
		LlmRender.render(this.body, this.text, true);
		setStatus(this.article, status);
	};

	Answer.prototype.finish = function (done) {
		var stopped = done.finish_reason === 'stopped';
		this.settle(stopped ? 'interrupted' : 'complete');
		var usage = done.usage || {};
		LlmRender.figures(this.article.querySelector('.figures'), usage.completion_tokens, done.ttft_ms,
			done.duration_ms);
		announce((stopped ? t('announce.stopped') : t('announce.done')) + ' ' + this.body.textContent);
	};

	Answer.prototype.fail = function () {
		this.settle('error');
	};

	function announce(message) {
		announcer.textContent = '';
		window.setTimeout(function () {
			announcer.textContent = message;
		}, 50);
	}

	function answerFor(messageId) {
		if (answer && !answer.finished) {
			return answer;
		}
		var existing = messageId != null
			? list.querySelector('article[data-message-id="' + String(Number(messageId)) + '"]') : null;
		answer = new Answer(existing || createArticle('assistant'));
		if (messageId != null) {
			answer.article.setAttribute('data-message-id', String(Number(messageId)));
		}
		return answer;
	}

	// ---- errors ----

	function showError(message, action) {
		retryAction = action;
		errorText.textContent = message;
		retryButton.hidden = !action;
		errorBox.hidden = false;
	}

	function hideError() {
		errorBox.hidden = true;
		retryAction = null;
	}

	async function problemDetail(response) {
		try {
			var problem = await response.json();
			if (problem && typeof problem.detail === 'string' && problem.detail) {
				return problem.detail;
			}
		} catch (e) {
			// not JSON: fall through to the general sentence
		}
		return t('error.generic');
	}

	// ---- the event stream ----

	function handle(event) {
		var payload;
		try {
			payload = JSON.parse(event.data);
		} catch (e) {
			return false;
		}
		if (event.id != null) {
			lastEventId = event.id;
		}
		switch (payload.type) {
			case 'start':
				answerFor(payload.message_id);
				return false;
			case 'token':
				answerFor(null).append(typeof payload.chunk === 'string' ? payload.chunk : '');
				return false;
			case 'done':
				answerFor(payload.message_id).finish(payload);
				return true;
			case 'error':
				answerFor(null).fail();
				showError(typeof payload.error === 'string' && payload.error ? payload.error : t('error.generic'),
					retryAction);
				return true;
			default:
				return false;
		}
	}

	// One request's stream: 'finished' (done or error seen), 'idle' (nothing runs), 'cut' (ended early).
	async function follow(request) {
		var response;
		try {
			response = await request();
		} catch (e) {
			return 'cut';
		}
		if (response.status === 204) {
			return 'idle';
		}
		if (response.status === 401) {
			window.location.assign('/login?expired');
			return 'finished';
		}
		if (!response.ok) {
			throw new ShownError(await problemDetail(response));
		}
		var finished = false;
		var parser = new SseParser(function (event) {
			finished = handle(event) || finished;
		});
		try {
			var reader = response.body.getReader();
			for (;;) {
				var read = await reader.read();
				if (read.done) {
					break;
				}
				parser.push(read.value);
			}
			parser.end();
		} catch (e) {
			// the connection dropped mid-answer
		}
		return finished ? 'finished' : 'cut';
	}

	function attachRequest() {
		var extra = {};
		if (lastEventId != null) {
			extra['Last-Event-ID'] = lastEventId;
		} else if (answer && !answer.finished) {
			// without an id the backend replays the whole answer: start it over
			answer.text = '';
		}
		return fetch('/api/chats/' + chatId + '/generation', { headers: headers(extra), credentials: 'same-origin' });
	}

	async function run(request, onPageLoad) {
		setBusy(true);
		try {
			var outcome = await follow(request);
			var attempts = 0;
			while (outcome === 'cut' && attempts < MAX_REATTACH) {
				attempts += 1;
				await sleep(400 * attempts);
				outcome = await follow(attachRequest);
			}
			if (outcome === 'cut') {
				if (answer && !answer.finished) {
					answer.fail();
				}
				showError(t('error.network'), retryAction);
			} else if (outcome === 'idle' && !onPageLoad && answer && !answer.finished) {
				// it ended while the connection was down: the stored answer is the whole one
				window.location.reload();
			}
		} catch (error) {
			if (answer && !answer.finished) {
				answer.fail();
			}
			showError(error instanceof ShownError ? error.message : t('error.generic'), retryAction);
		} finally {
			setBusy(false);
		}
	}

	function setBusy(value) {
		busy = value;
		sendButton.disabled = value;
		stopButton.hidden = !value;
		stopButton.disabled = false;
		root.dispatchEvent(new CustomEvent('llmchat:busy', { detail: { busy: value } }));
	}

	// ---- actions ----

	function appendUserMessage(text) {
		var article = createArticle('user');
		LlmRender.render(article.querySelector('.markdown'), text, true);
		article.scrollIntoView({ block: 'end' });
	}

	function send(text, model, isRetry) {
		hideError();
		if (!text.trim()) {
			showError(t('error.emptyPrompt'), null);
			promptBox.focus();
			return;
		}
		if (!isRetry) {
			appendUserMessage(text);
		}
		streamFrom('/api/stream', { chat_id: chatId, prompt: text, model: model || null }, function () {
			send(text, model, true);
		});
	}

	// posts a JSON body whose answer is an event stream, and shows that answer as it comes
	function streamFrom(url, body, retry) {
		retryAction = retry;
		lastEventId = null;
		answer = null;
		return run(function () {
			return fetch(url, {
				method: 'POST',
				credentials: 'same-origin',
				headers: headers({ 'Content-Type': 'application/json' }),
				body: JSON.stringify(body)
			});
		}, false);
	}

	function streamAgain(url, body) {
		hideError();
		streamFrom(url, body, function () {
			streamAgain(url, body);
		});
	}

	form.addEventListener('submit', function (event) {
		event.preventDefault();
		if (busy) {
			return;
		}
		var text = promptBox.value;
		if (text.trim()) {
			promptBox.value = '';
		}
		send(text, modelSelect.value, false);
	});

	promptBox.addEventListener('keydown', function (event) {
		if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
			event.preventDefault();
			if (!busy) {
				form.requestSubmit();
			}
		}
	});

	stopButton.addEventListener('click', async function () {
		stopButton.disabled = true;
		try {
			var response = await fetch('/api/chats/' + chatId + '/stop', {
				method: 'POST', credentials: 'same-origin', headers: headers({})
			});
			if (response.status === 401) {
				window.location.assign('/login?expired');
			} else if (!response.ok) {
				showError(await problemDetail(response), null);
				stopButton.disabled = false;
			}
		} catch (e) {
			showError(t('error.stop'), null);
			stopButton.disabled = false;
		}
	});

	retryButton.addEventListener('click', function () {
		var action = retryAction;
		hideError();
		if (action) {
			action();
		}
	});

	// after a reload mid-answer: replay what was said so far and keep following. The page says whether an answer
	// runs, so that where none does the prompt box works at once instead of after a round trip to ask
	if (root.getAttribute('data-answer-running') === 'true') {
		run(attachRequest, true);
	}

	// what versions.js builds on: the same messages and the same streaming display for an edited question or a
	// regenerated answer; the root element tells 'llmchat:busy' when an answer starts and ends
	window.LlmChat = {
		chatId: chatId,
		headers: headers,
		createArticle: createArticle,
		setStatus: setStatus,
		showError: function (message) {
			showError(message, null);
		},
		problemDetail: problemDetail,
		isBusy: function () {
			return busy;
		},
		modelChoice: function () {
			return modelSelect.value || null;
		},
		stream: streamAgain
	};
})();
