// The one way text written by a person or a model becomes HTML: Markdown (marked) first, then DOMPurify,
// then highlight.js on the sanitized code blocks. Images become links and are never loaded (only data: images,
// which need no request, are shown): written text must not make the page fetch anything, from any host.
window.LlmRender = (function () {
	'use strict';

	var holder = document.querySelector('[data-messages]');
	var messages = holder ? JSON.parse(holder.getAttribute('data-messages')) : {};

	function text(key) {
		return Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
	}

	function format(key, value) {
		return text(key).replace('{0}', value);
	}

	function isDataUrl(url) {
		try {
			return new URL(url, window.location.href).protocol === 'data:';
		} catch (e) {
			return false;
		}
	}

	function isWebLink(url) {
		try {
			var parsed = new URL(url, window.location.href);
			return parsed.protocol === 'http:' || parsed.protocol === 'https:';
		} catch (e) {
			return false;
		}
	}

	// an image is swapped for a link before the browser could fetch it
	DOMPurify.addHook('uponSanitizeElement', function (node, data) {
		if (data.tagName !== 'img') {
			return;
		}
		var src = node.getAttribute('src') || '';
		if (isDataUrl(src)) {
			return;
		}
		var label = text('image.blocked');
		var alt = (node.getAttribute('alt') || '').trim();
		var replacement;
		if (isWebLink(src)) {
			replacement = node.ownerDocument.createElement('a');
			replacement.setAttribute('href', src);
			replacement.setAttribute('class', 'blocked-image');
		} else {
			replacement = node.ownerDocument.createElement('span');
		}
		replacement.textContent = alt ? label + ': ' + alt : label;
		node.parentNode.replaceChild(replacement, node);
	});

	DOMPurify.addHook('afterSanitizeAttributes', function (node) {
		if (node.tagName === 'A' && node.hasAttribute('href')) {
			node.setAttribute('target', '_blank');
			node.setAttribute('rel', 'noopener noreferrer nofollow');
		}
	});

	var PURIFY = {
		USE_PROFILES: { html: true },
		FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'video', 'audio', 'source',
			'picture', 'track', 'iframe', 'object', 'embed'],
		FORBID_ATTR: ['style', 'srcset', 'ping', 'formaction']
	};

	function toSafeHtml(markdown) {
		var html = marked.parse(markdown, { gfm: true, breaks: true, async: false });
		return DOMPurify.sanitize(html, PURIFY);
	}

	function addCopyButtons(element) {
		element.querySelectorAll('pre').forEach(function (pre) {
			var code = pre.querySelector('code');
			if (!code) {
				return;
			}
			var button = document.createElement('button');
			button.type = 'button';
			button.className = 'btn btn-sm btn-outline-secondary copy-code d-print-none';
			button.textContent = text('copy');
			button.setAttribute('aria-label', text('copy.label'));
			button.addEventListener('click', function () {
				copy(code.textContent).then(function () {
					button.textContent = text('copied');
					window.setTimeout(function () {
						button.textContent = text('copy');
					}, 1500);
				});
			});
			var wrapper = document.createElement('div');
			wrapper.className = 'code-block';
			pre.parentNode.insertBefore(wrapper, pre);
			wrapper.appendChild(button);
			wrapper.appendChild(pre);
		});
	}

	function copy(value) {
		if (navigator.clipboard && window.isSecureContext) {
			return navigator.clipboard.writeText(value);
		}
		var area = document.createElement('textarea');
		area.value = value;
		area.setAttribute('readonly', '');
		area.className = 'visually-hidden';
		document.body.appendChild(area);
		area.select();
		document.execCommand('copy');
		document.body.removeChild(area);
		return Promise.resolve();
	}

	/** Renders Markdown text into the element; highlight only once an answer is complete. */
	function render(element, markdown, complete) {
		element.innerHTML = toSafeHtml(markdown);
		element.classList.add('rendered');
		if (complete !== false) {
			element.querySelectorAll('pre code').forEach(function (code) {
				hljs.highlightElement(code);
			});
			addCopyButtons(element);
		}
	}

	/** Writes an answer's figures: tokens, time to first token, tokens per second. */
	function figures(element, tokens, ttftMs, durationMs) {
		var parts = [];
		if (tokens != null && tokens !== '') {
			parts.push(format('figures.tokens', Number(tokens)));
		}
		if (ttftMs != null && ttftMs !== '') {
			parts.push(format('figures.ttft', Number(ttftMs)));
		}
		if (tokens != null && tokens !== '' && durationMs != null && Number(durationMs) > 0) {
			var speed = Number(tokens) / (Number(durationMs) / 1000);
			parts.push(format('figures.speed', speed.toFixed(1)));
		}
		element.textContent = parts.join(' · ');
	}

	document.querySelectorAll('[data-markdown]').forEach(function (element) {
		render(element, element.textContent, true);
	});
	document.querySelectorAll('.figures').forEach(function (element) {
		figures(element, element.getAttribute('data-tokens'), element.getAttribute('data-ttft'),
			element.getAttribute('data-duration'));
	});

	return { render: render, figures: figures, text: text };
})();
