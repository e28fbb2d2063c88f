package dev.llmchat.system.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, read as data: the services, names, ports and variables of the system description, with its
 * broken volume line fixed and no secret written in the file. Checked statically because CI has no Docker engine;
 * {@link ComposeStackTests} runs the stack where there is one.
 */
class ComposeFileTests {

	/** The backend's environment names in the system description's compose file. */
	static final List<String> DESCRIPTION_BACKEND_VARIABLES = List.of("LLM_SERVER_PORT", "APP_NAME", "DEBUG",
			"SECRET_KEY", "DATABASE_URL", "OPENAI_API_KEY", "CORS_ORIGINS", "MODELO_LLM", "LLM_SERVER_BASE_URL");

	private static String text;

	private static Map<String, Object> compose;

	@BeforeAll
	static void readComposeFile() throws IOException {
		text = Files.readString(Scripts.root().resolve("docker-compose.yml"), StandardCharsets.UTF_8);
		compose = new Yaml().load(text);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

	private static Map<String, Object> service(String name) {
		return map(map(compose.get("services")).get(name));
	}

	@Test
	void backendAndFrontendHaveTheDescriptionsContainerNamesAndPorts() {
		Map<String, Object> backend = service("backend");
		Map<String, Object> frontend = service("frontend");

		assertThat(backend.get("container_name")).isEqualTo("mlx-backend");
		assertThat(frontend.get("container_name")).isEqualTo("mlx-frontend");
		assertThat(list(backend.get("ports"))).singleElement().asString().endsWith(":${BACKEND_PORT:-8000}:8000");
		assertThat(list(frontend.get("ports"))).singleElement().asString().endsWith(":${FRONTEND_PORT:-5001}:5001");
		assertThat(map(backend.get("build"))).containsEntry("context", ".").containsEntry("dockerfile", "Dockerfile.backend");
		assertThat(map(frontend.get("build"))).containsEntry("context", ".").containsEntry("dockerfile", "Dockerfile.frontend");
	}

	@Test
	void backendGetsEveryEnvironmentVariableOfTheDescription() {
		Map<String, Object> environment = map(service("backend").get("environment"));

		assertThat(environment).containsKeys(DESCRIPTION_BACKEND_VARIABLES.toArray(String[]::new));
		assertThat(environment.get("LLM_SERVER_BASE_URL")).asString()
			.isEqualTo("${LLM_SERVER_BASE_URL:-http://host.docker.internal:8080/v1}");
		assertThat(environment.get("MODELO_LLM")).asString().contains("Qwen/Qwen2.5-0.5B-Instruct");
	}

	@Test
	void frontendReachesTheBackendByItsServiceName() {
		assertThat(map(service("frontend").get("environment"))).containsEntry("BACKEND_URL", "http://backend:8000");
	}

	@Test
	void frontendReplicasShareTheSessionSecretFromTheEnvironment() {
		assertThat(map(service("frontend").get("environment"))).containsEntry("SESSION_SECRET", "${SESSION_SECRET:-}")
			.containsEntry("SESSION_SECRET_PREVIOUS", "${SESSION_SECRET_PREVIOUS:-}");
	}

	@Test
	void databaseLivesOnTheNamedVolumeInsteadOfTheDescriptionsBrokenLine() {
		Map<String, Object> backend = service("backend");

		assertThat(list(backend.get("volumes"))).containsExactly("backend-data:/app/data");
		assertThat(map(backend.get("environment"))).containsEntry("DATABASE_URL", "sqlite:////app/data/app.db");
		assertThat(map(compose.get("volumes"))).containsKey("backend-data");
		assertThat(text).doesNotContain("backend-/app");
	}

	@Test
	void bothServicesHaveHealthchecksAndTheFrontendWaitsForAHealthyBackend() {
		for (String name : List.of("backend", "frontend")) {
			Map<String, Object> healthcheck = map(service(name).get("healthcheck"));
			assertThat(list(healthcheck.get("test"))).as(name).contains("CMD").anySatisfy(
					part -> assertThat(part).asString().endsWith("/health"));
			assertThat(healthcheck).as(name).containsKeys("interval", "timeout", "retries", "start_period");
		}
		assertThat(list(map(service("backend").get("healthcheck")).get("test"))).contains("http://127.0.0.1:8000/health");
		assertThat(list(map(service("frontend").get("healthcheck")).get("test"))).contains("http://127.0.0.1:5001/health");

		Map<String, Object> dependsOn = map(service("frontend").get("depends_on"));
		assertThat(map(dependsOn.get("backend"))).containsEntry("condition", "service_healthy");
	}

	@Test
	void everyServiceRestartsUnlessStoppedAndSharesTheNetwork() {
		for (String name : map(compose.get("services")).keySet()) {
			Map<String, Object> service = service(name);
			assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
			assertThat(list(service.get("networks"))).as(name).containsExactly("mlx-network");
		}
		assertThat(map(map(compose.get("networks")).get("mlx-network"))).containsEntry("driver", "bridge");
	}

	@Test
	void backendAndFrontendResolveTheHostGateway() {
		for (String name : List.of("backend", "frontend")) {
			assertThat(list(service(name).get("extra_hosts"))).as(name)
				.contains("host.docker.internal:host-gateway");
		}
	}

	@Test
	void noSecretIsWrittenInTheFile() {
		Map<String, Object> environment = map(service("backend").get("environment"));

		assertThat(environment.get("SECRET_KEY")).asString().isEqualTo("${SECRET_KEY:-}");
		assertThat(environment.get("OPENAI_API_KEY")).asString().isEqualTo("${OPENAI_API_KEY:-}");
		assertThat(text).doesNotContain("sua-chave-secreta").doesNotContain("change-me")
			.doesNotContainPattern("(?<![A-Za-z])sk-");
		assertThat(map(service("vllm").get("environment"))).containsEntry("VLLM_API_KEY", "${OPENAI_API_KEY:-}")
			.containsEntry("HF_TOKEN", "${HF_TOKEN:-}");
	}

	@Test
	void simulateProfileRunsTheSimulatorAndGpuProfileRunsVllmOnTheGpu() {
		Map<String, Object> simulator = service("simulator");
		assertThat(list(simulator.get("profiles"))).containsExactly("simulate");
		assertThat(map(simulator.get("build"))).containsEntry("dockerfile", "Dockerfile.simulator");
		assertThat(simulator).containsKey("healthcheck");

		Map<String, Object> vllm = service("vllm");
		assertThat(list(vllm.get("profiles"))).containsExactly("gpu");
		assertThat(vllm.get("image")).asString().contains("nvcr.io/nvidia/vllm:25.09-py3");
		assertThat(list(vllm.get("command"))).contains("--max-model-len", "--gpu-memory-utilization")
			.doesNotContain("--disable-log-requests");
		assertThat(vllm.get("ipc")).isEqualTo("host");
		Map<String, Object> device = map(list(map(map(map(vllm.get("deploy")).get("resources")).get("reservations"))
			.get("devices")).get(0));
		assertThat(device).containsEntry("driver", "nvidia");
		assertThat(list(device.get("capabilities"))).contains("gpu");

		// the optional services are profiles, so a plain `docker compose up` starts only backend and frontend
		assertThat(service("backend")).doesNotContainKey("profiles");
		assertThat(service("frontend")).doesNotContainKey("profiles");
	}

	@Test
	void envExampleHasPlaceholdersAndTellsHowToGenerateTheKey() throws IOException {
		String example = Files.readString(Scripts.root().resolve(".env.example"), StandardCharsets.UTF_8);

		assertThat(example).contains("openssl rand -base64 48").contains("cp .env.example .env");
		assertThat(example).containsPattern("(?m)^SECRET_KEY=change-me").containsPattern("(?m)^OPENAI_API_KEY=$")
			.containsPattern("(?m)^SESSION_SECRET=$");
		List<String> gitignore = Files.readAllLines(Scripts.root().resolve(".gitignore"), StandardCharsets.UTF_8);
		assertThat(gitignore).contains(".env");
	}

	@Test
	void everyVariableTheComposeFileReadsIsDocumentedInTheReadme() throws IOException {
		String readme = Files.readString(Scripts.root().resolve("README.md"), StandardCharsets.UTF_8);
		Set<String> variables = new TreeSet<>();
		Matcher matcher = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)").matcher(text);
		while (matcher.find()) {
			variables.add(matcher.group(1));
		}
		assertThat(variables).contains("SECRET_KEY", "BACKEND_PORT", "LLM_SERVER_BASE_URL");
		assertThat(variables).allSatisfy(variable -> assertThat(readme).as("README.md documents " + variable)
			.contains("`" + variable + "`"));
	}

	@Test
	void dockerignoreKeepsBuildOutputSecretsAndGitOutOfTheContext() throws IOException {
		List<String> ignored = Files.readAllLines(Scripts.root().resolve(".dockerignore"), StandardCharsets.UTF_8);

		assertThat(ignored).contains(".git", "**/target", ".env", "data", ".run");
		assertThat(ignored).doesNotContain("mvnw", ".mvn", "pom.xml");
	}

}
