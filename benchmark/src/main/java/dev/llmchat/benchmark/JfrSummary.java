package dev.llmchat.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) fall: the hottest methods (top frame), the
 * hottest packages (top frame), and the project's own methods by the share of samples they are on the stack of; and
 * which exceptions were thrown where ({@code jdk.JavaExceptionThrow}, recorded with settings=profile), since an
 * exception per request or per stream is a cost a CPU profile spreads thin.
 * {@code java -cp llmchat-benchmark.jar dev.llmchat.benchmark.JfrSummary FILE.jfr [ROWS]}
 */
public final class JfrSummary {

	private static final String OWN_CODE = "dev.llmchat.";

	private final Map<String, Integer> methods = new HashMap<>();

	private final Map<String, Integer> packages = new HashMap<>();

	private final Map<String, Integer> ownCode = new HashMap<>();

	private final Map<String, Integer> exceptions = new HashMap<>();

	private int samples;

	private JfrSummary() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 1) {
			System.err.println("Usage: JfrSummary FILE.jfr [ROWS]");
			System.exit(2);
		}
		int rows = (args.length > 1) ? Integer.parseInt(args[1]) : 15;
		JfrSummary summary = new JfrSummary();
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			if (event.getStackTrace() == null) {
				continue;
			}
			switch (event.getEventType().getName()) {
				case "jdk.ExecutionSample" -> summary.add(event.getStackTrace().getFrames());
				case "jdk.JavaExceptionThrow" -> summary.thrown(event);
				default -> {
					// other events are not summarized
				}
			}
		}
		System.out.println(summary.samples + " CPU samples in " + args[0]);
		summary.print("hottest methods (top frame)", summary.methods, rows);
		summary.print("hottest packages (top frame)", summary.packages, rows);
		summary.print("own code on the stack", summary.ownCode, rows);
		System.out.println();
		System.out.println("exceptions thrown (count, class, where):");
		summary.exceptions.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(rows)
			.forEach(entry -> System.out.printf("%8d  %s%n", entry.getValue(), entry.getKey()));
	}

	/** Counts the exception by its class and the first frame that is not a Throwable's constructor. */
	private void thrown(RecordedEvent event) {
		String where = event.getStackTrace()
			.getFrames()
			.stream()
			.filter(frame -> !frame.getMethod().getName().equals("<init>"))
			.findFirst()
			.map(JfrSummary::name)
			.orElse("?");
		RecordedClass type = event.getClass("thrownClass");
		this.exceptions.merge(((type != null) ? type.getName() : "?") + " at " + where, 1, Integer::sum);
	}

	private void add(List<RecordedFrame> frames) {
		if (frames.isEmpty()) {
			return;
		}
		this.samples++;
		String top = name(frames.getFirst());
		this.methods.merge(top, 1, Integer::sum);
		this.packages.merge(packageOf(frames.getFirst()), 1, Integer::sum);
		Set<String> seen = new HashSet<>();
		for (RecordedFrame frame : frames) {
			String method = name(frame);
			if (method.startsWith(OWN_CODE) && seen.add(method)) {
				this.ownCode.merge(method, 1, Integer::sum);
			}
		}
	}

	private void print(String title, Map<String, Integer> counts, int rows) {
		System.out.println();
		System.out.println(title + ":");
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(rows)
			.forEach(entry -> System.out.printf("%6.1f%%  %s%n", 100d * entry.getValue() / this.samples,
					entry.getKey()));
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	/** The first three parts of the frame's package: {@code org.hibernate.orm}, {@code io.netty.buffer}. */
	private static String packageOf(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		String[] parts = type.split("\\.");
		return String.join(".", List.of(parts).subList(0, Math.min(3, Math.max(1, parts.length - 1))));
	}

}
