package dev.llmchat.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 request over a plain socket, for tests that need the raw bytes, silences and closed connections.
 */
final class RawConnection implements AutoCloseable {

	private final Socket socket;

	private final InputStream input;

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private boolean ended;

	RawConnection(int port, String path, String json) throws IOException {
		this.socket = new Socket("127.0.0.1", port);
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		this.socket.getOutputStream()
			.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		this.socket.getOutputStream().write(body);
		this.input = this.socket.getInputStream();
	}

	/**
	 * Reads until the received text contains {@code marker}; fails after {@code timeout} or at the end of the stream.
	 */
	String readUntil(String marker, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!text().contains(marker)) {
			long left = (deadline - System.nanoTime()) / 1_000_000;
			if (left <= 0 || this.ended) {
				throw new AssertionError("Did not receive '" + marker + "', got: " + text());
			}
			readSome(Duration.ofMillis(left));
		}
		return text();
	}

	/**
	 * Whether nothing arrives during {@code duration} (and the connection stays open).
	 */
	boolean staysSilentFor(Duration duration) throws IOException {
		int before = this.received.size();
		readSome(duration);
		return this.received.size() == before && !this.ended;
	}

	/**
	 * Reads until the server closes the connection.
	 */
	String readToEnd(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.ended) {
			long left = (deadline - System.nanoTime()) / 1_000_000;
			if (left <= 0) {
				throw new AssertionError("The connection stayed open, got: " + text());
			}
			readSome(Duration.ofMillis(left));
		}
		return text();
	}

	String text() {
		return this.received.toString(StandardCharsets.UTF_8);
	}

	private void readSome(Duration timeout) throws IOException {
		this.socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
		byte[] buffer = new byte[8192];
		try {
			int read = this.input.read(buffer);
			if (read < 0) {
				this.ended = true;
			}
			else {
				this.received.write(buffer, 0, read);
			}
		}
		catch (SocketTimeoutException ex) {
			// nothing arrived in time
		}
		catch (IOException ex) {
			this.ended = true;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
