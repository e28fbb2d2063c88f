// Versions of messages on the chat page: "‹ 2 / 3 ›" on a message written more than once (switching shows the
// conversation that followed that version), Edit on each of the person's messages (the edited one is sent as a new
// version and answered), Regenerate on the last answer. After every answer the conversation is read again from the
// server, so the controls always match what is stored. Text goes to the page only through LlmRender.
(function () {
	'use strict';

	var root = document.getElementById('chat');
	if (!root || !window.LlmChat) {
		return;
	}
	var t = LlmRender.text;
	var list = document.getElementById('messages');
	// the chat of /chat/new gets its id with its first message
	function base() {
		return '/api/chats/' + LlmChat.chatId();
	}

	function messageUrl(messageId, action) {
		return base() + '/messages/' + String(Number(messageId)) + '/' + action;
	}

	function button(text, label, className, onClick) {
		var element = document.createElement('button');
		element.type = 'button';
		element.className = 'btn btn-sm ' + className;
		element.textContent = text;
		if (label) {
			element.setAttribute('aria-label', label);
		}
		element.disabled = LlmChat.isBusy();
		element.addEventListener('click', onClick);
		return element;
	}

	function versionLabel(version, count) {
		return t('version.label').replace('{0}', version).replace('{1}', count);
	}

	function idsOf(article) {
		var raw = article.getAttribute('data-version-ids') || '';
		return raw ? raw.split(',').map(Number) : [];
	}

	// ---- talking to the server ----

	// the parsed answer, or null once the failure is handled (shown, unless quiet, or the login page opened)
	async function request(method, url, body, quiet) {
		var options = { method: method, credentials: 'same-origin', headers: LlmChat.headers({}) };
		if (body !== undefined) {
			options.headers['Content-Type'] = 'application/json';
			options.headers.Accept = 'application/json, application/problem+json';
			options.body = JSON.stringify(body);
		}
		var response;
		try {
			response = await fetch(url, options);
		} catch (e) {
			if (!quiet) {
				LlmChat.showError(t('error.generic'));
			}
			return null;
		}
		if (response.status === 401) {
			window.location.assign('/login?expired');
			return null;
		}
		if (!response.ok) {
			if (!quiet) {
				LlmChat.showError(await LlmChat.problemDetail(response));
			}
			return null;
		}
		return response.json();
	}

	// after an answer the conversation is read again; a failure there leaves the page as the answer left it
	function conversation(quiet) {
		return request('GET', base(), undefined, quiet);
	}

	// ---- drawing ----

	function draw(chat) {
		list.querySelectorAll('article.message').forEach(function (article) {
			article.remove();
		});
		(chat.messages || []).forEach(function (message) {
			if (message.role === 'system') {
				return;
			}
			var article = LlmChat.createArticle(message.role);
			describe(article, message);
			article.setAttribute('data-status', String(message.status || ''));
			LlmRender.render(article.querySelector('.markdown'), message.content || '', true);
			if (message.role !== 'user') {
				LlmChat.setStatus(article, message.status);
				LlmRender.figures(article.querySelector('.figures'), message.completion_tokens, message.ttft_ms,
					message.duration_ms);
			}
		});
		decorate();
	}

	// after an answer: the page already shows the conversation, so its articles only learn their ids and versions
	// and keep their elements (which a screen reader or a script may hold). When the server's branch does not yet
	// match what the page shows (the answer's last write may still be under way), it is read once more a little later
	function sync(chat, again) {
		var shown = (chat.messages || []).filter(function (message) {
			return message.role !== 'system';
		});
		var articles = list.querySelectorAll('article.message');
		var matching = articles.length === shown.length && shown.every(function (message, index) {
			return articles[index].getAttribute('data-role') === message.role;
		});
		if (matching) {
			shown.forEach(function (message, index) {
				describe(articles[index], message);
			});
			decorate();
		} else if (again) {
			window.setTimeout(async function () {
				var later = await conversation(true);
				if (later && !LlmChat.isBusy()) {
					sync(later, false);
				}
			}, 1000);
		}
	}

	function describe(article, message) {
		article.setAttribute('data-message-id', String(Number(message.id)));
		article.setAttribute('data-version', String(Number(message.version || 1)));
		article.setAttribute('data-version-ids', (message.version_ids || []).map(Number).join(','));
	}

	function decorate() {
		var articles = Array.prototype.slice.call(list.querySelectorAll('article.message[data-message-id]'));
		articles.forEach(function (article, index) {
			var old = article.querySelector('.message-actions');
			if (old) {
				old.remove();
			}
			var actions = document.createElement('div');
			actions.className = 'message-actions d-print-none';
			var ids = idsOf(article);
			if (ids.length > 1) {
				actions.appendChild(versionSwitch(article, ids));
			}
			var role = article.getAttribute('data-role');
			if (role === 'user') {
				actions.appendChild(button(t('edit'), t('edit.label'), 'btn-link edit-message', function () {
					startEdit(article);
				}));
			} else if (index === articles.length - 1 && article.getAttribute('data-status') !== 'streaming') {
				actions.appendChild(button(t('regenerate'), t('regenerate.label'), 'btn-link regenerate', function () {
					regenerate(article);
				}));
			}
			if (actions.childNodes.length) {
				article.appendChild(actions);
			}
		});
	}

	function versionSwitch(article, ids) {
		var id = Number(article.getAttribute('data-message-id'));
		var position = Math.max(0, ids.indexOf(id));
		var group = document.createElement('div');
		group.className = 'message-versions';
		group.setAttribute('role', 'group');
		group.setAttribute('aria-label', versionLabel(position + 1, ids.length));
		var previous = button('‹', t('version.previous'), 'btn-outline-secondary version-previous', function () {
			show(ids[position - 1], 'version-previous');
		});
		var next = button('›', t('version.next'), 'btn-outline-secondary version-next', function () {
			show(ids[position + 1], 'version-next');
		});
		previous.disabled = previous.disabled || position === 0;
		next.disabled = next.disabled || position === ids.length - 1;
		var counter = document.createElement('span');
		counter.className = 'version-counter';
		counter.setAttribute('aria-hidden', 'true');
		counter.textContent = (position + 1) + ' / ' + ids.length;
		group.appendChild(previous);
		group.appendChild(counter);
		group.appendChild(next);
		return group;
	}

	// ---- actions ----

	async function show(messageId, focusClass) {
		if (messageId == null || LlmChat.isBusy()) {
			return;
		}
		var chat = await request('PUT', base() + '/branch', { message_id: messageId });
		if (!chat) {
			return;
		}
		draw(chat);
		var article = list.querySelector('article[data-message-id="' + String(Number(messageId)) + '"]');
		var target = article && (article.querySelector('.' + focusClass + ':not(:disabled)')
			|| article.querySelector('.message-versions button:not(:disabled)'));
		if (target) {
			target.focus();
		}
	}

	function dropAfter(article) {
		while (article.nextElementSibling) {
			article.nextElementSibling.remove();
		}
	}

	async function startEdit(article) {
		if (LlmChat.isBusy() || article.querySelector('.edit-form')) {
			return;
		}
		var messageId = Number(article.getAttribute('data-message-id'));
		var chat = await conversation();
		var message = chat && (chat.messages || []).find(function (m) {
			return m.id === messageId;
		});
		if (!message) {
			return;
		}
		var body = article.querySelector('.markdown');
		var actions = article.querySelector('.message-actions');
		var form = document.createElement('form');
		form.className = 'edit-form';
		form.noValidate = true;
		var fieldId = 'edit-' + messageId;
		var label = document.createElement('label');
		label.className = 'visually-hidden';
		label.htmlFor = fieldId;
		label.textContent = t('edit.field');
		var area = document.createElement('textarea');
		area.id = fieldId;
		area.className = 'form-control';
		area.rows = Math.min(12, Math.max(3, message.content.split('\n').length + 1));
		area.maxLength = 100000;
		area.value = message.content;
		var feedback = document.createElement('div');
		feedback.className = 'invalid-feedback';
		feedback.textContent = t('error.emptyPrompt');
		var buttons = document.createElement('div');
		buttons.className = 'd-flex gap-2 mt-2';
		var save = button(t('edit.save'), null, 'btn-primary edit-save', function () {
			form.requestSubmit();
		});
		save.type = 'submit';
		var cancel = button(t('edit.cancel'), null, 'btn-outline-secondary edit-cancel', function () {
			closeEdit();
			var edit = article.querySelector('.edit-message');
			if (edit) {
				edit.focus();
			}
		});
		buttons.appendChild(save);
		buttons.appendChild(cancel);
		form.appendChild(label);
		form.appendChild(area);
		form.appendChild(feedback);
		form.appendChild(buttons);

		function closeEdit() {
			form.remove();
			body.hidden = false;
			if (actions) {
				actions.hidden = false;
			}
		}

		form.addEventListener('submit', function (event) {
			event.preventDefault();
			var text = area.value;
			if (!text.trim()) {
				area.classList.add('is-invalid');
				area.focus();
				return;
			}
			closeEdit();
			dropAfter(article);
			LlmRender.render(body, text, true);
			if (actions) {
				actions.remove();
			}
			LlmChat.stream(messageUrl(messageId, 'edit'), { prompt: text, model: LlmChat.modelChoice() });
		});
		area.addEventListener('keydown', function (event) {
			if (event.key === 'Escape') {
				cancel.click();
			}
		});
		body.hidden = true;
		if (actions) {
			actions.hidden = true;
		}
		body.parentNode.insertBefore(form, body.nextSibling);
		area.focus();
	}

	function regenerate(article) {
		if (LlmChat.isBusy()) {
			return;
		}
		var messageId = Number(article.getAttribute('data-message-id'));
		article.remove();
		LlmChat.stream(messageUrl(messageId, 'regenerate'), { model: LlmChat.modelChoice() });
	}

	// ---- following the page's answers ----

	root.addEventListener('llmchat:busy', async function (event) {
		var busy = event.detail.busy;
		list.querySelectorAll('.message-actions button').forEach(function (element) {
			element.disabled = busy;
		});
		if (!busy) {
			var chat = await conversation(true);
			if (chat) {
				sync(chat, true);
			}
		} else {
			list.querySelectorAll('.regenerate').forEach(function (element) {
				element.remove();
			});
		}
	});

	decorate();
})();
