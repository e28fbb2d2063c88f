// An incremental text/event-stream parser for fetch() bodies: network reads may split an event, a line or
// even a UTF-8 character anywhere, so bytes are decoded as a stream and only complete lines are parsed.
window.SseParser = (function () {
	'use strict';

	function SseParser(onEvent) {
		this.onEvent = onEvent;
		this.decoder = new TextDecoder('utf-8');
		this.buffer = '';
		this.data = [];
		this.eventType = '';
		this.lastEventId = null;
	}

	/** Feeds bytes (a Uint8Array from a reader) or text. */
	SseParser.prototype.push = function (chunk) {
		this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
		this.drain(false);
	};

	/** The stream ended: an unfinished event is dropped, as the specification says. */
	SseParser.prototype.end = function () {
		this.buffer += this.decoder.decode();
		this.drain(true);
		this.data = [];
		this.eventType = '';
	};

	SseParser.prototype.drain = function (atEnd) {
		for (;;) {
			var match = /\r\n|\r|\n/.exec(this.buffer);
			if (!match) {
				return;
			}
			// a trailing \r may be the first half of \r\n that the next read brings
			if (match[0] === '\r' && match.index === this.buffer.length - 1 && !atEnd) {
				return;
			}
			var line = this.buffer.slice(0, match.index);
			this.buffer = this.buffer.slice(match.index + match[0].length);
			this.line(line);
		}
	};

	SseParser.prototype.line = function (line) {
		if (line === '') {
			this.dispatch();
			return;
		}
		if (line.charAt(0) === ':') {
			return;
		}
		var colon = line.indexOf(':');
		var field = colon < 0 ? line : line.slice(0, colon);
		var value = colon < 0 ? '' : line.slice(colon + 1);
		if (value.charAt(0) === ' ') {
			value = value.slice(1);
		}
		if (field === 'data') {
			this.data.push(value);
		} else if (field === 'event') {
			this.eventType = value;
		} else if (field === 'id' && value.indexOf('\u0000') < 0) {
			this.lastEventId = value;
		}
	};

	SseParser.prototype.dispatch = function () {
		if (this.data.length === 0) {
			this.eventType = '';
			return;
		}
		var event = { id: this.lastEventId, type: this.eventType || 'message', data: this.data.join('\n') };
		this.data = [];
		this.eventType = '';
		this.onEvent(event);
	};

	return SseParser;
})();
