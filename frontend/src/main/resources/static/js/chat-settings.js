// The chat's settings panel: shows the server's default beside each setting, saves the settings as one whole
// (an empty field goes back to the default) and shows a refused value's sentence next to its field.
(function () {
	'use strict';

	var form = document.getElementById('settings-form');
	if (!form || !window.LlmChat) {
		return;
	}
	var t = LlmRender.text;
	var status = document.getElementById('settings-status');
	var saveButton = document.getElementById('settings-save');
	var FIELDS = ['system_prompt', 'model', 'temperature', 'top_p', 'max_tokens'];
	var NUMBERS = { temperature: true, top_p: true, max_tokens: true };

	function field(name) {
		return document.getElementById('settings-' + name);
	}

	function say(message, failed) {
		status.textContent = message;
		status.className = 'small ' + (failed ? 'text-danger' : 'text-success');
	}

	function clearErrors() {
		FIELDS.forEach(function (name) {
			field(name).classList.remove('is-invalid');
			document.getElementById('settings-' + name + '-error').textContent = '';
		});
	}

	function showFieldError(name, message) {
		var input = field(name);
		input.classList.add('is-invalid');
		document.getElementById('settings-' + name + '-error').textContent = message;
		input.focus();
	}

	function values() {
		var body = {};
		FIELDS.forEach(function (name) {
			var value = field(name).value;
			if (NUMBERS[name]) {
				body[name] = value.trim() === '' ? null : Number(value);
			} else {
				body[name] = value === '' ? null : value;
			}
		});
		return body;
	}

	async function showDefaults() {
		var response;
		try {
			response = await fetch('/api/settings/defaults', {
				credentials: 'same-origin', headers: { 'Accept': 'application/json' }
			});
		} catch (e) {
			return;
		}
		if (!response.ok) {
			return;
		}
		var defaults = await response.json();
		document.querySelectorAll('[data-default-hint]').forEach(function (hint) {
			var name = hint.getAttribute('data-default-hint');
			var value = defaults[name];
			var known = value !== null && value !== undefined;
			hint.textContent = known ? t('settings.default').replace('{0}', String(value)) : t('settings.default.unset');
			var input = field(name);
			if (known && input.tagName === 'INPUT') {
				input.placeholder = String(value);
			}
		});
	}

	form.addEventListener('submit', async function (event) {
		event.preventDefault();
		clearErrors();
		say('', false);
		saveButton.disabled = true;
		try {
			var response = await fetch('/api/chats/' + LlmChat.chatId() + '/settings', {
				method: 'PATCH',
				credentials: 'same-origin',
				headers: LlmChat.headers({
					'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json'
				}),
				body: JSON.stringify(values())
			});
			if (response.status === 401) {
				window.location.assign('/login?expired');
				return;
			}
			if (response.ok) {
				say(t('settings.saved'), false);
				return;
			}
			var problem = {};
			try {
				problem = await response.json();
			} catch (e) {
				// not JSON: the general sentence below
			}
			var detail = typeof problem.detail === 'string' && problem.detail ? problem.detail : t('error.generic');
			if (FIELDS.indexOf(problem.field) >= 0) {
				showFieldError(problem.field, detail);
			} else {
				say(detail, true);
			}
		} catch (e) {
			say(t('error.generic'), true);
		} finally {
			saveButton.disabled = false;
		}
	});

	showDefaults();
})();
