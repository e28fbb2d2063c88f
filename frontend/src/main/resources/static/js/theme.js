// Applies the remembered theme (or the system's) before the page paints; loaded in <head>.
(function () {
	'use strict';
	var stored = null;
	try {
		stored = window.localStorage.getItem('llmchat-theme');
	} catch (e) {
		stored = null;
	}
	var dark = stored ? stored === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
	document.documentElement.setAttribute('data-bs-theme', dark ? 'dark' : 'light');
})();
