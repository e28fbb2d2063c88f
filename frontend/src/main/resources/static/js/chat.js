// The chat page: sends prompts, streams answers through /api/stream, re-attaches to a running answer after a
// reload or a dropped connection (with Last-Event-ID), stops answers, and shows failures with a retry button.
// On /chat/new the chat is created when its first message is sent, and the address becomes the chat's. The
// conversation scrolls in its own region and follows an answer as it grows, unless the person scrolled up to
// read: then "Jump to latest" appears.
//
// Other scripts build on it through window.LlmChat: the chat's id, a hook run on every message element, the
// message list drawn again from the API's messages, and answers streamed from another route.
window.LlmChat = (function () {
	'use strict';

	var root = document.getElementById('chat');
	if (!root) {
		return null;
	}
	var t = LlmRender.text;
	var headers = LlmApi.headers;
	var conversation = document.getElementById('conversation');
	var list = document.getElementById('messages');
	var heading = document.getElementById('chat-heading');
	var historyLink = document.getElementById('history-link');
	var form = document.getElementById('prompt-form');
	var promptBox = document.getElementById('prompt');
	var modelSelect = document.getElementById('model');
	var sendButton = document.getElementById('send');
	var stopButton = document.getElementById('stop');
	var jumpButton = document.getElementById('jump-latest');
	var errorBox = document.getElementById('chat-error');
	var errorText = document.getElementById('chat-error-text');
	var retryButton = document.getElementById('retry');
	var announcer = document.getElementById('announcer');
	var MAX_REATTACH = 5;
	var NEAR_BOTTOM_PX = 48;

	var chatId = root.getAttribute('data-chat-id') ? Number(root.getAttribute('data-chat-id')) : null;
	var busy = false;
	var lastEventId = null;
	var answer = null;
	var retryAction = null;
	var messageHooks = [];

	function sleep(ms) {
		return new Promise(function (resolve) {
			window.setTimeout(resolve, ms);
		});
	}

	function ShownError(message) {
		this.message = message;
	}

	function announce(message) {
		announcer.textContent = '';
		window.setTimeout(function () {
			announcer.textContent = message;
		}, 50);
	}

	// ---- following the conversation ----

	var following = true;
	var toldAboutNewText = false;

	function atBottom() {
		return conversation.scrollHeight - conversation.scrollTop - conversation.clientHeight <= NEAR_BOTTOM_PX;
	}

	function scrollToLatest() {
		conversation.scrollTop = conversation.scrollHeight;
		following = true;
		toldAboutNewText = false;
		jumpButton.hidden = true;
	}

	// called after the conversation grew: keep up with it, or offer the way down (said once while scrolled up)
	function contentGrew() {
		if (following) {
			scrollToLatest();
			return;
		}
		jumpButton.hidden = false;
		if (!toldAboutNewText) {
			toldAboutNewText = true;
			announce(t('jump.announce'));
		}
	}

	conversation.addEventListener('scroll', function () {
		following = atBottom();
		jumpButton.hidden = following;
		if (following) {
			toldAboutNewText = false;
		}
	});

	jumpButton.addEventListener('click', function () {
		scrollToLatest();
		promptBox.focus();
	});

	// ---- messages on the page ----

	function messageAdded(article) {
		messageHooks.forEach(function (hook) {
			hook(article);
		});
	}

	function createArticle(role) {
		var empty = document.getElementById('no-messages');
		if (empty) {
			empty.remove();
		}
		var article = document.createElement('article');
		article.className = 'message ' + (role === 'user' ? 'message-user' : 'message-assistant');
		article.setAttribute('data-role', role);
		var roleHeading = document.createElement('h2');
		roleHeading.className = 'message-role';
		roleHeading.textContent = role === 'user' ? t('role.user') : t('role.assistant');
		var body = document.createElement('div');
		body.className = 'markdown';
		article.appendChild(roleHeading);
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

	/** An article for a message of the API ({@code id, role, content, status} and its figures). */
	function articleOf(message) {
		var article = createArticle(message.role);
		article.setAttribute('data-message-id', String(Number(message.id)));
		LlmRender.render(article.querySelector('.markdown'), message.content || '', true);
		if (message.role !== 'user') {
			setStatus(article, message.status || 'complete');
			LlmRender.figures(article.querySelector('.figures'), message.completion_tokens, message.ttft_ms,
				message.duration_ms);
		}
		return article;
	}

	/** Draws the list again from the API's messages (system messages are not shown). */
	function showMessages(messages) {
		answer = null;
		list.replaceChildren();
		messages.filter(function (message) {
			return message.role !== 'system';
		}).forEach(function (message) {
			messageAdded(articleOf(message));
		});
		scrollToLatest();
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
				self.frame = 0;
				LlmRender.render(self.body, self.text, false);
				contentGrew();
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
		contentGrew();
		messageAdded(this.article);
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
		contentGrew();
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
				answerDone();
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

	// A chat's first answer is followed by its title, which the model writes in the background: the list is read
	// again once more a little later to show it.
	var TITLE_DELAY_MS = 4000;

	// after an answer the chat moved to the top of the list, and its title may have been written
	function answerDone() {
		if (window.LlmSidebar) {
			LlmSidebar.refresh();
			if (list.querySelectorAll('article.message').length <= 2) {
				window.setTimeout(LlmSidebar.refresh, TITLE_DELAY_MS);
			}
		}
		root.dispatchEvent(new CustomEvent('llmchat:answer-done', { bubbles: true }));
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
		if (LlmApi.sessionEnded(response)) {
			return 'finished';
		}
		if (!response.ok) {
			throw new ShownError(await LlmApi.problemDetail(response));
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

	/**
	 * Streams an answer from a POST to the JSON API (as /api/stream does) into the page, with re-attaching,
	 * stopping and errors as for a prompt; {@code retry} is what the error's Retry button does (or null).
	 */
	function stream(url, body, retry) {
		hideError();
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

	// ---- a chat that does not exist yet ----

	// the chat of /chat/new is created with its first message; the address becomes the chat's own
	async function ensureChat() {
		if (chatId != null) {
			return chatId;
		}
		var response = await LlmApi.call('POST', '/api/chats');
		if (LlmApi.sessionEnded(response)) {
			return null;
		}
		if (!response.ok) {
			throw new ShownError(await LlmApi.problemDetail(response));
		}
		var chat = await response.json();
		chatId = Number(chat.id);
		root.setAttribute('data-chat-id', String(chatId));
		window.history.replaceState(null, '', '/chat/' + chatId);
		historyLink.href = '/chat/' + chatId + '/history';
		historyLink.hidden = false;
		showTitle(chat.title);
		if (window.LlmSidebar) {
			LlmSidebar.refresh();
		}
		return chatId;
	}

	function showTitle(title) {
		if (heading.textContent !== title) {
			heading.textContent = title;
			document.title = LlmRender.format('page.title', title);
		}
	}

	document.addEventListener('llmchat:chats', function (event) {
		var current = event.detail.filter(function (chat) {
			return Number(chat.id) === chatId;
		})[0];
		if (current) {
			showTitle(current.title);
		}
	});

	// ---- actions ----

	function appendUserMessage(text) {
		var article = createArticle('user');
		LlmRender.render(article.querySelector('.markdown'), text, true);
		scrollToLatest();
		messageAdded(article);
	}

	async function send(text, model, isRetry) {
		hideError();
		if (!text.trim()) {
			showError(t('error.emptyPrompt'), null);
			promptBox.focus();
			return;
		}
		var retry = function () {
			send(text, model, true);
		};
		setBusy(true);
		try {
			if (await ensureChat() == null) {
				return;
			}
		} catch (error) {
			showError(error instanceof ShownError ? error.message : t('error.create'), retry);
			return;
		} finally {
			setBusy(false);
		}
		if (!isRetry) {
			appendUserMessage(text);
		}
		stream('/api/stream', { chat_id: chatId, prompt: text, model: model || null }, retry);
	}

	function streamAgain(url, body) {
		stream(url, body, function () {
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
			var response = await LlmApi.call('POST', '/api/chats/' + chatId + '/stop');
			if (!LlmApi.sessionEnded(response) && !response.ok) {
				showError(await LlmApi.problemDetail(response), null);
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

	scrollToLatest();

	// after a reload mid-answer: replay what was said so far and keep following. The page says whether an answer
	// runs, so that where none does the prompt box works at once instead of after a round trip to ask
	if (root.getAttribute('data-answer-running') === 'true') {
		run(attachRequest, true);
	}

	// what versions.js and chat-settings.js build on: the same messages and the same streaming display for an edited
	// question or a regenerated answer; the root element tells 'llmchat:busy' when an answer starts and ends
	return {
		/** The chat's id, or null while the chat of /chat/new is not created yet. */
		chatId: function () {
			return chatId;
		},
		/** Runs {@code hook(article)} on every message element: those on the page now and each one added later. */
		onMessage: function (hook) {
			messageHooks.push(hook);
			list.querySelectorAll('article.message').forEach(hook);
		},
		showMessages: showMessages,
		/** Streams the answer of a POST to {@code url}; its Retry posts the same again. */
		stream: streamAgain,
		isBusy: function () {
			return busy;
		},
		headers: headers,
		createArticle: createArticle,
		setStatus: setStatus,
		showError: function (message) {
			showError(message, null);
		},
		problemDetail: LlmApi.problemDetail,
		modelChoice: function () {
			return modelSelect.value || null;
		}
	};
})();
