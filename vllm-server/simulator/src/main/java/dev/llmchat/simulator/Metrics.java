package dev.llmchat.simulator;

/**
 * A small Prometheus exposition of vLLM's main series, enough for dashboards and scrapers to find them.
 */
final class Metrics {

	static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

	private Metrics() {
	}

	static String render(String modelName, SimulatorStats stats) {
		String labels = "{engine=\"0\",model_name=\"" + modelName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
		String withReason = labels.substring(0, labels.length() - 1) + ",finished_reason=\"%s\"}";
		StringBuilder text = new StringBuilder();
		gauge(text, "vllm:num_requests_running", "Number of requests in model execution batches.", labels,
				stats.running());
		gauge(text, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", labels, 0);
		counter(text, "vllm:prompt_tokens_total", "Number of prefill tokens processed.", labels, stats.promptTokens());
		counter(text, "vllm:generation_tokens_total", "Number of generation tokens processed.", labels,
				stats.generationTokens());
		text.append("# HELP vllm:request_success_total Count of successfully processed requests.\n")
			.append("# TYPE vllm:request_success_total counter\n");
		sample(text, "vllm:request_success_total", withReason.formatted("stop"), stats.finishedByStop());
		sample(text, "vllm:request_success_total", withReason.formatted("length"), stats.finishedByLength());
		sample(text, "vllm:request_success_total", withReason.formatted("abort"), stats.cancelled());
		return text.toString();
	}

	private static void gauge(StringBuilder text, String name, String help, String labels, long value) {
		text.append("# HELP ").append(name).append(' ').append(help).append('\n');
		text.append("# TYPE ").append(name).append(" gauge\n");
		sample(text, name, labels, value);
	}

	private static void counter(StringBuilder text, String name, String help, String labels, long value) {
		text.append("# HELP ").append(name).append(' ').append(help).append('\n');
		text.append("# TYPE ").append(name).append(" counter\n");
		sample(text, name, labels, value);
	}

	private static void sample(StringBuilder text, String name, String labels, long value) {
		text.append(name).append(labels).append(' ').append(value).append(".0\n");
	}

}
