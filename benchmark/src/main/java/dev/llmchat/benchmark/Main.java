package dev.llmchat.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the running applications (started by {@code benchmark.sh}) and writes the table: streams straight to the
 * simulator, through nginx, the backend and the frontend at 1, 100 and 1,000 at once; REST calls at 1 and 50
 * clients; the CPU time each application spends per answer and per call; start-up times and resident memory.
 */
public final class Main {

	private static final String PASSWORD = "benchmark-password-1";

	private static final String SYSTEM_PROMPT = "You are a helpful assistant.";

	private static final String MODEL = "Qwen/Qwen2.5-0.5B-Instruct";

	private static final int[] CONCURRENCY = { 1, 100, 1_000 };

	private Main() {
	}

	public static void main(String[] args) throws IOException {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		Results results = run(options);
		String table = Report.render(results);
		Files.createDirectories(options.out().toAbsolutePath().getParent());
		Files.writeString(options.out(), table);
		// beside the table, for Comparison
		String name = options.out().getFileName().toString().replaceFirst("\\.md$", "");
		JsonMapper.builder().build().writeValue(options.out().resolveSibling(name + ".json").toFile(), results);
		System.out.println(table);
		System.exit(0);
	}

	private static Results run(Options options) {
		Plan plan = Plan.of(options.quick());
		JsonMapper json = JsonMapper.builder().build();
		Http http = new Http();
		Memory memory = new Memory(options.pids());
		StoredAnswers database = new StoredAnswers(options.database());
		Map<String, Supplier<List<Long>>> processes = new HashMap<>();
		options.pids().forEach((name, pids) -> processes.put(name, () -> pids));
		database.serverProcesses().ifPresent(pids -> processes.put(Report.POSTGRESQL, pids));
		ProcessCpu cpu = new ProcessCpu(processes, options.clockTicks());
		Map<String, Long> idle = memory.now();
		List<String> context = new ArrayList<>(options.context());
		context.add("load average at the start of the load: " + loadAverage());

		BackendApi api = new BackendApi(http, options.backend(), json);
		String email = "bench-stream@example.com";
		String token = api.signUp(email, PASSWORD);
		FrontendSession session = FrontendSession.signIn(http, options.frontend(), email, PASSWORD);
		List<StreamTarget> targets = new ArrayList<>();
		targets.add(new ModelServerTarget(Report.DIRECT, List.of(Report.DIRECT), options.simulator(), MODEL,
				SYSTEM_PROMPT, http, json));
		if (options.nginx() != null) {
			targets.add(new ModelServerTarget("nginx", List.of("nginx", Report.DIRECT), options.nginx(), MODEL,
					SYSTEM_PROMPT, http, json));
		}
		targets.add(new BackendTarget(api, token));
		targets.add(new FrontendTarget(http, options.frontend(), session, api, token, json));

		StreamLoad load = new StreamLoad(database, cpu);
		for (StreamTarget target : targets) {
			progress("warming up " + target.name() + ": " + plan.warmUp(target) + " streams");
			load.warmUp(target, plan.warmUpConcurrency(), plan.warmUp(target));
		}
		context.add(targets.stream()
			.map(target -> String.format(Locale.ROOT, "%s %,d", target.name(), plan.answersBefore100(target)))
			.collect(Collectors.joining(", ", "answers served before the timed rounds at 100 streams (warm-up at "
					+ plan.warmUpConcurrency() + " at once included): ", "")));
		List<StreamRun> streams = new ArrayList<>();
		for (int concurrency : CONCURRENCY) {
			int rounds = switch (concurrency) {
				case 1 -> plan.singleStreams();
				case 100 -> plan.rounds100();
				default -> plan.rounds1000();
			};
			for (StreamTarget target : targets) {
				progress(target.name() + ": " + concurrency + " at once, " + rounds + " round(s)");
				if (concurrency == 1_000) {
					memory.startSampling();
				}
				StreamRun run = load.run(target, concurrency, rounds);
				if (concurrency == 1_000) {
					memory.stopSampling();
				}
				progress("  " + run.errors() + " errors, TTFT p50 " + run.ttft().p50Ms() + " ms, p99 "
						+ run.ttft().p99Ms() + " ms" + ((run.firstProblem() != null) ? "; " + run.firstProblem() : ""));
				streams.add(run);
			}
		}

		List<RestRun> rest = rest(api, database, plan, cpu);
		context.add("load average at the end: " + loadAverage());
		return new Results(context, streams, rest, options.startupMs(), idle, memory.peak());
	}

	private static List<RestRun> rest(BackendApi api, StoredAnswers database, Plan plan, ProcessCpu cpu) {
		String email = "bench-rest@example.com";
		String token = api.signUp(email, PASSWORD);
		api.createChats(token, 20);
		long longChat = api.createChats(token, 1).getFirst();
		database.seed(longChat, Plan.LONG_CHAT_MESSAGES);
		List<RestRun> runs = new ArrayList<>();
		for (int clients : new int[] { 1, Plan.REST_CLIENTS }) {
			RestLoad load = new RestLoad(clients, cpu, List.of("backend", Report.POSTGRESQL));
			int requests = (clients == 1) ? plan.restRequests() / 10 : plan.restRequests();
			progress("REST at " + clients + " client(s): login, list chats, create chat, open a chat of 1,000 messages");
			runs.add(load.run("login", requests / 3, () -> api.login(email, PASSWORD)));
			runs.add(load.run("list chats", requests, () -> api.listChats(token)));
			runs.add(load.run("create chat", requests, () -> api.createChat(token)));
			runs.add(load.run(Plan.LONG_CHAT_CALL, requests / 2, () -> api.openChat(token, longChat)));
		}
		return runs;
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + ", " + fields[1] + ", " + fields[2] + " (1, 5, 15 min)";
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static void progress(String line) {
		System.err.println("benchmark: " + line);
	}

}
