package dev.llmchat.system.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * vllm-server/start-vllm.sh against a stand-in docker CLI ({@link FakeDocker}): the container it runs, the checks
 * before, and the bounded wait after. The test plays the vLLM server's HTTP side.
 */
class StartVllmScriptTests {

	private static final String SCRIPT = "vllm-server/start-vllm.sh";

	private static final String MODELS = """
			{"object":"list","data":[{"id":"Qwen/Qwen2.5-0.5B-Instruct","object":"model","max_model_len":8192}]}""";

	@TempDir
	Path tmp;

	private Map<String, String> env(FakeDocker docker, int port, String... more) {
		Map<String, String> env = docker.env();
		env.put("LLM_SERVER_PORT", Integer.toString(port));
		env.put("HF_CACHE_DIR", tmp.resolve("hf-cache").toString());
		env.putAll(Scripts.env(more));
		return env;
	}

	private Scripts.Running start(Map<String, String> env, String... args) {
		return Scripts.start(tmp.resolve("output-" + System.nanoTime() + ".txt"), env, SCRIPT, args);
	}

	@Test
	void runsTheDescriptionsContainerWithTheKeyAndWithoutTheRejectedLoggingFlag() {
		int port = Scripts.freePort();
		try (FakeDocker docker = new FakeDocker(tmp).withGpu()) {
			Scripts.Running script = start(env(docker, port, "VLLM_API_KEY", "test-key"));
			Scripts.Result result = docker.await(script, Duration.ofSeconds(60),
					List.of(new FakeDocker.Trigger(call -> call.startsWith("run "),
							() -> docker.serve(port, Map.of("/health", FakeDocker.Response.ok(""), "/v1/models",
									new FakeDocker.Response(200, MODELS, "test-key"))))));

			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(result.output()).contains("serves Qwen/Qwen2.5-0.5B-Instruct")
				.contains("docker logs -f meu-llm-server");
			String run = docker.calls().stream().filter(call -> call.startsWith("run ")).findFirst().orElseThrow();
			assertThat(run).contains("--gpus all", "--name meu-llm-server", "--restart unless-stopped",
					"-p 0.0.0.0:" + port + ":8000", "--ipc=host", "--ulimit memlock=-1", "--ulimit stack=67108864",
					"-v " + tmp.resolve("hf-cache") + ":/root/.cache/huggingface", "nvcr.io/nvidia/vllm:25.09-py3",
					"python3 -m vllm.entrypoints.openai.api_server", "--model Qwen/Qwen2.5-0.5B-Instruct",
					"--max-model-len 8192", "--gpu-memory-utilization 0.90", "--api-key test-key");
			assertThat(run).doesNotContain("--disable-log-requests");
		}
	}

	@Test
	void everySettingCanBeOverriddenByTheEnvironment() {
		int port = Scripts.freePort();
		try (FakeDocker docker = new FakeDocker(tmp).withGpu()) {
			Scripts.Running script = start(env(docker, port, "VLLM_CONTAINER_NAME", "other-llm", "VLLM_IMAGE",
					"example/vllm:1", "MODELO_LLM", "Qwen/Qwen2.5-1.5B-Instruct", "VLLM_MAX_MODEL_LEN", "4096",
					"VLLM_GPU_MEMORY_UTILIZATION", "0.5", "VLLM_RESTART_POLICY", "no", "VLLM_EXTRA_ARGS",
					"--enable-prefix-caching --seed 7", "VLLM_BIND_ADDRESS", "127.0.0.1"));
			Scripts.Result result = docker.await(script, Duration.ofSeconds(60),
					List.of(new FakeDocker.Trigger(call -> call.startsWith("run "),
							() -> docker.serve(port, Map.of("/health", FakeDocker.Response.ok(""), "/v1/models",
									FakeDocker.Response.ok(MODELS.replace("0.5B", "1.5B")))))));

			assertThat(result.exitCode()).as(result.toString()).isZero();
			String run = docker.calls().stream().filter(call -> call.startsWith("run ")).findFirst().orElseThrow();
			assertThat(run).contains("--name other-llm", "--restart no", "-p 127.0.0.1:" + port + ":8000",
					"example/vllm:1", "--model Qwen/Qwen2.5-1.5B-Instruct", "--max-model-len 4096",
					"--gpu-memory-utilization 0.5", "--enable-prefix-caching --seed 7");
			assertThat(run).doesNotContain("--api-key");
		}
	}

	@Test
	void withoutAnNvidiaGpuItSaysSoAndOffersTheCpuImageAndTheSimulator() {
		try (FakeDocker docker = new FakeDocker(tmp)) {
			Scripts.Result result = start(env(docker, Scripts.freePort())).await(Duration.ofSeconds(30));

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
			assertThat(result.output()).contains("no NVIDIA GPU found")
				.contains("--cpu")
				.contains("vllm-cpu-release-repo")
				.contains("./start-all.sh --local --simulate");
			assertThat(docker.calls()).noneMatch(call -> call.startsWith("run "));
		}
	}

	@Test
	void withAGpuButNoNvidiaContainerRuntimeItSaysWhatToInstall() {
		Assumptions.assumeFalse(Scripts.onPath("nvidia-ctk") || Scripts.onPath("nvidia-container-runtime-hook"),
				"this machine has the NVIDIA Container Toolkit installed");
		try (FakeDocker docker = new FakeDocker(tmp).withGpuButNoNvidiaRuntime()) {
			Scripts.Result result = start(env(docker, Scripts.freePort())).await(Duration.ofSeconds(30));

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
			assertThat(result.output()).contains("NVIDIA Container Toolkit")
				.contains("nvidia-ctk runtime configure --runtime=docker");
		}
	}

	@Test
	void onTheCpuPathItRunsTheConfigurableCpuImageWithoutGpuFlags() {
		int port = Scripts.freePort();
		try (FakeDocker docker = new FakeDocker(tmp)) {
			Scripts.Running script = start(env(docker, port, "VLLM_CPU_IMAGE", "example/vllm-cpu:2"), "--cpu");
			Scripts.Result result = docker.await(script, Duration.ofSeconds(60),
					List.of(new FakeDocker.Trigger(call -> call.startsWith("run "),
							() -> docker.serve(port, Map.of("/health", FakeDocker.Response.ok(""), "/v1/models",
									FakeDocker.Response.ok(MODELS))))));

			assertThat(result.exitCode()).as(result.toString()).isZero();
			String run = docker.calls().stream().filter(call -> call.startsWith("run ")).findFirst().orElseThrow();
			assertThat(run).contains("example/vllm-cpu:2 --model Qwen/Qwen2.5-0.5B-Instruct", "VLLM_CPU_KVCACHE_SPACE=4")
				.doesNotContain("--gpus")
				.doesNotContain("--gpu-memory-utilization");
		}
	}

	@Test
	void failsFastWithTheLastLogLinesWhenTheContainerExits() {
		try (FakeDocker docker = new FakeDocker(tmp).withGpu()) {
			long started = System.nanoTime();
			Scripts.Result result = start(env(docker, Scripts.freePort(), "FAKE_RUN_STATE", "exited",
					"VLLM_START_TIMEOUT", "120")).await(Duration.ofSeconds(60));

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.output()).contains("stopped (state: exited)").contains("CUDA out of memory");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
		}
	}

	@Test
	void givesUpAtTheDeadlineWithTheLastLogLines() {
		try (FakeDocker docker = new FakeDocker(tmp).withGpu()) {
			Scripts.Result result = start(env(docker, Scripts.freePort(), "VLLM_START_TIMEOUT", "2"))
				.await(Duration.ofSeconds(60));

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.output()).contains("did not answer within 2 s")
				.contains("CUDA out of memory")
				.contains("docker rm -f meu-llm-server");
		}
	}

	@Test
	void aRunningContainerIsReusedAndReplaceRecreatesIt() {
		int port = Scripts.freePort();
		try (FakeDocker docker = new FakeDocker(tmp).withGpu().withContainer("meu-llm-server", "running")) {
			docker.serve(port, Map.of("/health", FakeDocker.Response.ok(""), "/v1/models", FakeDocker.Response.ok(MODELS)));

			Scripts.Result reused = start(env(docker, port)).await(Duration.ofSeconds(60));
			assertThat(reused.exitCode()).as(reused.toString()).isZero();
			assertThat(reused.output()).contains("already runs").contains("reusing it");
			assertThat(docker.calls()).noneMatch(call -> call.startsWith("run ") || call.startsWith("rm "));

			docker.stopServers();
			Scripts.Running replace = start(env(docker, port), "--replace");
			Scripts.Result replaced = docker.await(replace, Duration.ofSeconds(60),
					List.of(new FakeDocker.Trigger(call -> call.startsWith("run "),
							() -> docker.serve(port, Map.of("/health", FakeDocker.Response.ok(""), "/v1/models",
									FakeDocker.Response.ok(MODELS))))));
			assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
			assertThat(docker.calls()).containsSubsequence("rm -f meu-llm-server",
					docker.calls().stream().filter(call -> call.startsWith("run ")).findFirst().orElseThrow());
		}
	}

	@Test
	void aStoppedContainerIsRecreated() {
		int port = Scripts.freePort();
		try (FakeDocker docker = new FakeDocker(tmp).withGpu().withContainer("meu-llm-server", "exited")) {
			Scripts.Running script = start(env(docker, port));
			Scripts.Result result = docker.await(script, Duration.ofSeconds(60),
					List.of(new FakeDocker.Trigger(call -> call.startsWith("run "),
							() -> docker.serve(port, Map.of("/health", FakeDocker.Response.ok(""), "/v1/models",
									FakeDocker.Response.ok(MODELS))))));

			assertThat(result.exitCode()).as(result.toString()).isZero();
			assertThat(result.output()).contains("exists but is exited: recreating it");
			assertThat(docker.calls()).anyMatch(call -> call.equals("rm -f meu-llm-server"))
				.anyMatch(call -> call.startsWith("run "));
		}
	}

	@Test
	void aPortTakenByAnotherProgramIsReportedBeforeAnythingRuns() {
		int port = Scripts.freePort();
		try (FakeDocker docker = new FakeDocker(tmp).withGpu()) {
			docker.serve(port, Map.of());
			Scripts.Result result = start(env(docker, port)).await(Duration.ofSeconds(30));

			assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
			assertThat(result.output()).contains("port " + port + " is already in use");
			assertThat(docker.calls()).noneMatch(call -> call.startsWith("run "));
		}
	}

}
