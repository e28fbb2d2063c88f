// The one way text written by a person or a model becomes HTML: Markdown (marked, with GFM tables and TeX math
// kept apart as text) first, then DOMPurify, then KaTeX on the math and highlight.js on the sanitized code blocks. Images become links and are never loaded (only data: images,
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

	// KaTeX's own output (built from TeX with trust off, so no links, classes or styles taken from the text) is
	// sanitized again in place: its sizes are set through element.style, which the CSP allows where style
	// attributes in markup are not, so the style attribute is the one thing this pass lets through
	var MATH_PURIFY = {
		IN_PLACE: true,
		USE_PROFILES: { html: true, svg: true, mathMl: true },
		FORBID_TAGS: PURIFY.FORBID_TAGS,
		FORBID_ATTR: ['srcset', 'ping', 'formaction']
	};

	var KATEX = { throwOnError: false, trust: false, strict: 'ignore', maxSize: 20, maxExpand: 200 };

	function escapeHtml(value) {
		return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
	}

	// a block of its own is a div; math inside a paragraph stays a span, displayed or not
	function mathHtml(tex, display, tag) {
		return '<' + tag + ' class="math-tex" data-display="' + display + '">' + escapeHtml(tex) + '</' + tag + '>';
	}

	// $$…$$ and \[…\] on lines of their own are display math; inline, $$…$$ and \[…\] display too, \(…\) and
	// $…$ not ($ needs no space inside next to it and no digit after it, so "$5 and $6" stays text). Code blocks and
	// spans are taken by marked before these are tried, so TeX is never looked for inside code.
	var INLINE_MATH = [
		[/^\$\$([^$]+?)\$\$/, true],
		[/^\\\[([\s\S]+?)\\\]/, true],
		[/^\\\(([\s\S]+?)\\\)/, false],
		[/^\$(?!\s)((?:\\.|[^\\$\n])+?)(?<!\s)\$(?!\d)/, false]
	];

	marked.use({
		extensions: [{
			name: 'mathBlock',
			level: 'block',
			start: function (src) {
				var match = src.match(/^ {0,3}(?:\$\$|\\\[)/m);
				return match ? match.index : undefined;
			},
			tokenizer: function (src) {
				var match = /^ {0,3}(?:\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\])[ \t]*(?:\n+|$)/.exec(src);
				if (match) {
					return { type: 'mathBlock', raw: match[0], text: (match[1] || match[2]).trim() };
				}
				return undefined;
			},
			renderer: function (token) {
				return mathHtml(token.text, true, 'div') + '\n';
			}
		}, {
			name: 'mathInline',
			level: 'inline',
			start: function (src) {
				var match = src.match(/\$|\\\(|\\\[/);
				return match ? match.index : undefined;
			},
			tokenizer: function (src) {
				for (var i = 0; i < INLINE_MATH.length; i++) {
					var match = INLINE_MATH[i][0].exec(src);
					if (match) {
						return { type: 'mathInline', raw: match[0], text: match[1].trim(), display: INLINE_MATH[i][1] };
					}
				}
				return undefined;
			},
			renderer: function (token) {
				return mathHtml(token.text, token.display, 'span');
			}
		}]
	});

	function toSafeHtml(markdown) {
		var html = marked.parse(markdown, { gfm: true, breaks: true, async: false });
		return DOMPurify.sanitize(html, PURIFY);
	}

	function renderMath(element) {
		if (typeof katex === 'undefined') {
			return;
		}
		element.querySelectorAll('.math-tex').forEach(function (node) {
			var tex = node.textContent;
			var options = Object.assign({ displayMode: node.getAttribute('data-display') === 'true' }, KATEX);
			try {
				katex.render(tex, node, options);
			} catch (e) {
				node.textContent = tex;
				return;
			}
			DOMPurify.sanitize(node, MATH_PURIFY);
		});
	}

	// a table scrolls sideways inside its own box on a narrow screen
	function wrapTables(element) {
		element.querySelectorAll('table').forEach(function (table) {
			var wrapper = document.createElement('div');
			wrapper.className = 'table-scroll';
			wrapper.tabIndex = 0;
			table.parentNode.insertBefore(wrapper, table);
			wrapper.appendChild(table);
		});
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
		renderMath(element);
		wrapTables(element);
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

	return { render: render, figures: figures, text: text, format: format };
})();
