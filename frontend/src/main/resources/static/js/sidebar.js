// The chat list beside the conversation: search as you type, rename and delete in place, the current chat marked,
// and on a phone-sized window a panel that folds away behind the "Chats" button (Escape or Close folds it again).
// Every refresh announces the list as a 'llmchat:chats' event on the document (detail: the chats).
window.LlmSidebar = (function () {
	'use strict';

	var sidebar = document.getElementById('sidebar');
	if (!sidebar) {
		return null;
	}
	var t = LlmRender.text;
	var format = LlmRender.format;
	var list = document.getElementById('chat-list');
	var empty = document.getElementById('sidebar-empty');
	var status = document.getElementById('sidebar-status');
	var searchForm = document.getElementById('chat-search');
	var searchBox = document.getElementById('chat-search-input');
	var toggle = document.getElementById('sidebar-toggle');
	var closeButton = document.getElementById('sidebar-close');
	var phone = window.matchMedia('(max-width: 768px)');
	var chatIdHolder = document.getElementById('chat');
	var searchTimer = 0;
	var generation = 0;

	function currentId() {
		var id = chatIdHolder ? chatIdHolder.getAttribute('data-chat-id') : '';
		return id ? Number(id) : null;
	}

	function say(message) {
		status.textContent = '';
		window.setTimeout(function () {
			status.textContent = message;
		}, 50);
	}

	// the answer to a call of the JSON API, or null after saying why there is none
	async function call(method, url, body) {
		var response;
		try {
			response = await LlmApi.call(method, url, body);
		} catch (e) {
			say(t('sidebar.failed'));
			return null;
		}
		if (LlmApi.sessionEnded(response)) {
			return null;
		}
		if (!response.ok) {
			say(await LlmApi.problemDetail(response));
			return null;
		}
		return response;
	}

	// ---- the list ----

	function actionButton(className, symbol, title, label) {
		var button = document.createElement('button');
		button.type = 'button';
		button.className = 'chat-action ' + className;
		button.title = title;
		button.setAttribute('aria-label', label);
		button.textContent = symbol;
		return button;
	}

	function item(chat) {
		var li = document.createElement('li');
		li.className = 'chat-item';
		li.setAttribute('data-chat-id', String(Number(chat.id)));
		var link = document.createElement('a');
		link.className = 'chat-link';
		link.href = '/chat/' + Number(chat.id);
		link.textContent = chat.title;
		link.title = chat.title;
		if (Number(chat.id) === currentId()) {
			li.classList.add('current');
			link.setAttribute('aria-current', 'page');
		}
		li.appendChild(link);
		li.appendChild(actionButton('chat-rename', '✎', t('sidebar.rename'), format('sidebar.rename.label', chat.title)));
		li.appendChild(actionButton('chat-delete', '×', t('sidebar.delete'), format('sidebar.delete.label', chat.title)));
		return li;
	}

	function show(chats, query) {
		list.replaceChildren.apply(list, chats.map(item));
		empty.textContent = query ? t('sidebar.noMatch') : t('sidebar.empty');
		empty.hidden = chats.length > 0;
		document.dispatchEvent(new CustomEvent('llmchat:chats', { detail: chats }));
	}

	/** Fetches the list again (for the words in the search box) and draws it; resolves to the chats shown. */
	async function refresh() {
		var query = searchBox.value.trim();
		var mine = ++generation;
		var response = await call('GET', '/api/chats' + (query ? '?q=' + encodeURIComponent(query) : ''));
		if (!response) {
			return [];
		}
		var chats = await response.json();
		if (mine === generation) {
			show(chats, query);
		}
		return chats;
	}

	function sayFound(count) {
		say(count === 1 ? t('sidebar.foundOne') : format('sidebar.found', count));
	}

	searchForm.addEventListener('submit', function (event) {
		event.preventDefault();
		window.clearTimeout(searchTimer);
		refresh().then(function (chats) {
			sayFound(chats.length);
		});
	});

	searchBox.addEventListener('input', function () {
		window.clearTimeout(searchTimer);
		searchTimer = window.setTimeout(function () {
			refresh().then(function (chats) {
				sayFound(chats.length);
			});
		}, 250);
	});

	// ---- rename and delete in place ----

	function titleOf(li) {
		return li.querySelector('.chat-link').textContent;
	}

	function startRename(li) {
		var link = li.querySelector('.chat-link');
		var title = titleOf(li);
		var input = document.createElement('input');
		input.type = 'text';
		input.className = 'form-control form-control-sm chat-title-input';
		input.maxLength = 200;
		input.required = true;
		input.value = title;
		input.setAttribute('aria-label', format('sidebar.rename.input', title));
		input.title = t('sidebar.rename.hint');
		link.hidden = true;
		li.insertBefore(input, link);
		input.focus();
		input.select();

		var done = false;
		function finish(focusRename) {
			if (done) {
				return;
			}
			done = true;
			input.remove();
			link.hidden = false;
			if (focusRename) {
				li.querySelector('.chat-rename').focus();
			}
		}
		input.addEventListener('keydown', async function (event) {
			if (event.key === 'Escape') {
				event.preventDefault();
				event.stopPropagation();
				finish(true);
			} else if (event.key === 'Enter') {
				event.preventDefault();
				var wanted = input.value.trim();
				if (!wanted || wanted === title) {
					finish(true);
					return;
				}
				var id = li.getAttribute('data-chat-id');
				if (!await call('PUT', '/api/chats/' + id + '/title', { title: wanted })) {
					return;
				}
				finish(false);
				await refresh();
				say(t('sidebar.renamed'));
				var renamed = list.querySelector('li[data-chat-id="' + id + '"] .chat-rename');
				if (renamed) {
					renamed.focus();
				}
			}
		});
		input.addEventListener('blur', function () {
			finish(false);
		});
	}

	async function remove(li) {
		var id = Number(li.getAttribute('data-chat-id'));
		if (!window.confirm(format('sidebar.delete.confirm', titleOf(li)))) {
			return;
		}
		if (!await call('DELETE', '/api/chats/' + id)) {
			return;
		}
		if (id === currentId()) {
			window.location.assign('/chat/new');
			return;
		}
		var next = li.nextElementSibling || li.previousElementSibling;
		var nextId = next ? next.getAttribute('data-chat-id') : null;
		await refresh();
		say(t('sidebar.deleted'));
		var focus = nextId ? list.querySelector('li[data-chat-id="' + nextId + '"] .chat-link') : searchBox;
		(focus || searchBox).focus();
	}

	list.addEventListener('click', function (event) {
		var button = event.target.closest('.chat-action');
		if (!button) {
			return;
		}
		var li = button.closest('.chat-item');
		if (button.classList.contains('chat-rename')) {
			startRename(li);
		} else {
			remove(li);
		}
	});

	// ---- folding away on a phone ----

	function isOpen() {
		return sidebar.classList.contains('open');
	}

	function open() {
		sidebar.classList.add('open');
		document.body.classList.add('sidebar-open');
		toggle.setAttribute('aria-expanded', 'true');
		searchBox.focus();
	}

	function close() {
		sidebar.classList.remove('open');
		document.body.classList.remove('sidebar-open');
		toggle.setAttribute('aria-expanded', 'false');
		if (phone.matches) {
			toggle.focus();
		}
	}

	if (toggle) {
		toggle.addEventListener('click', function () {
			if (isOpen()) {
				close();
			} else {
				open();
			}
		});
	}
	closeButton.addEventListener('click', close);
	document.addEventListener('keydown', function (event) {
		if (event.key === 'Escape' && isOpen() && !event.defaultPrevented) {
			close();
		}
	});
	// a tap beside the open panel folds it
	document.addEventListener('click', function (event) {
		if (isOpen() && phone.matches && !sidebar.contains(event.target) && event.target !== toggle) {
			close();
		}
	});
	phone.addEventListener('change', function () {
		if (!phone.matches && isOpen()) {
			close();
		}
	});

	return { refresh: refresh };
})();
