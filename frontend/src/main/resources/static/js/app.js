// Behaviour shared by every page: theme toggle, delete confirmations, local times, print buttons.
(function () {
	'use strict';

	var THEME_KEY = 'llmchat-theme';
	var root = document.documentElement;
	var systemDark = window.matchMedia('(prefers-color-scheme: dark)');

	function storedTheme() {
		try {
			return window.localStorage.getItem(THEME_KEY);
		} catch (e) {
			return null;
		}
	}

	function applyTheme(theme) {
		root.setAttribute('data-bs-theme', theme);
		var toggle = document.getElementById('theme-toggle');
		if (toggle) {
			toggle.setAttribute('aria-pressed', String(theme === 'dark'));
		}
	}

	function setUpTheme() {
		var toggle = document.getElementById('theme-toggle');
		applyTheme(root.getAttribute('data-bs-theme') === 'dark' ? 'dark' : 'light');
		if (toggle) {
			toggle.addEventListener('click', function () {
				var next = root.getAttribute('data-bs-theme') === 'dark' ? 'light' : 'dark';
				try {
					window.localStorage.setItem(THEME_KEY, next);
				} catch (e) {
					// private mode: the choice lasts for this page only
				}
				applyTheme(next);
			});
		}
		// without a remembered choice the page follows the system as it changes
		systemDark.addEventListener('change', function (event) {
			if (!storedTheme()) {
				applyTheme(event.matches ? 'dark' : 'light');
			}
		});
	}

	function setUpConfirmations() {
		document.addEventListener('submit', function (event) {
			var form = event.target;
			var question = form.getAttribute && form.getAttribute('data-confirm');
			if (question && !window.confirm(question)) {
				event.preventDefault();
			}
		});
	}

	function localizeTimes() {
		var format = new Intl.DateTimeFormat(root.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
		document.querySelectorAll('time[data-local-time]').forEach(function (time) {
			var date = new Date(time.getAttribute('datetime'));
			if (!isNaN(date.getTime())) {
				time.textContent = format.format(date);
			}
		});
	}

	function setUpPrinting() {
		document.querySelectorAll('[data-print]').forEach(function (button) {
			button.addEventListener('click', function () {
				window.print();
			});
		});
	}

	setUpTheme();
	setUpConfirmations();
	localizeTimes();
	setUpPrinting();
})();
