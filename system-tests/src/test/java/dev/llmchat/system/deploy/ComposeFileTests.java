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
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml and docker-compose.scale.yml, read as data: the services, names, ports and variables of the
 * system description, with its broken volume line fixed, the PostgreSQL profile, the replicas' load balancer, and no
 * secret written in the files. Checked statically because CI has no Docker engine; {@link ComposeStackTests} runs
 * the stack where there is one, and {@link NginxLoadBalancerTests} runs the load balancer's configuration.
 */
class ComposeFileTests {

	/** The backend's environment names in the system description's compose file. */
	static final List<String> DESCRIPTION_BACKEND_VARIABLES = List.of("LLM_SERVER_PORT", "APP_NAME", "DEBUG",
			"SECRET_KEY", "DATABASE_URL", "OPENAI_API_KEY", "CORS_ORIGINS", "MODELO_LLM", "LLM_SERVER_BASE_URL");

	/** What Compose's {@code !reset} tag stands for: the value of the file before is dropped. */
	private static final Object RESET = new Object();

	private static String text;

	private static Map<String, Object> compose;

	private static String scaleText;

	private static Map<String, Object> scale;

	@BeforeAll
	static void readComposeFiles() throws IOException {
		text = read("docker-compose.yml");
		compose = new Yaml(new ComposeConstructor()).load(text);
		scaleText = read("docker-compose.scale.yml");
		scale = new Yaml(new ComposeConstructor()).load(scaleText);
	}

	private static String read(String file) throws IOException {
		return Files.readString(Scripts.root().resolve(file), StandardCharsets.UTF_8);
	}

	/** Reads Compose's merge tag {@code !reset} (Compose 2.24) as {@link #RESET}; plain YAML otherwise. */
	private static final class ComposeConstructor extends SafeConstructor {

		ComposeConstructor() {
			super(new LoaderOptions());
			this.yamlConstructors.put(new Tag("!reset"), new AbstractConstruct() {
				@Override
				public Object construct(Node node) {
					return RESET;
				}
			});
		}

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

	private static Map<String, Object> scaleService(String name) {
		return map(map(scale.get("services")).get(name));
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
	void healthAndMetricsStayInsideTheContainersUnlessManagementAddressOpensThemToTheComposeNetwork() {
		for (String name : List.of("backend", "frontend")) {
			assertThat(map(service(name).get("environment"))).as(name)
				.containsEntry("MANAGEMENT_ADDRESS", "${MANAGEMENT_ADDRESS:-127.0.0.1}")
				.doesNotContainKey("MANAGEMENT_PORT");
			assertThat(list(service(name).get("ports"))).as(name)
				.noneMatch((port) -> port.toString().contains("9000") || port.toString().contains("9001"));
		}
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
		// unless DATABASE_URL names another database (./start-all.sh --postgres sets it for the compose PostgreSQL)
		assertThat(map(backend.get("environment"))).containsEntry("DATABASE_URL",
				"${DATABASE_URL:-sqlite:////app/data/app.db}");
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
	void postgresProfileRunsTheOfficialImageOnANamedVolumeAndIsHealthyWhenItAcceptsConnections() {
		Map<String, Object> postgres = service("postgres");

		assertThat(list(postgres.get("profiles"))).containsExactly("postgres");
		assertThat(postgres.get("image")).isEqualTo("${POSTGRES_IMAGE:-postgres:16}");
		assertThat(map(postgres.get("environment"))).containsEntry("POSTGRES_DB", "llmchat")
			.containsEntry("POSTGRES_USER", "llmchat")
			.containsEntry("POSTGRES_PASSWORD", "${POSTGRES_PASSWORD:-}");
		assertThat(list(postgres.get("volumes"))).containsExactly("postgres-data:/var/lib/postgresql/data");
		assertThat(map(compose.get("volumes"))).containsKey("postgres-data");
		// over TCP: while the image initializes the database, its temporary server listens on the socket only
		assertThat(list(map(postgres.get("healthcheck")).get("test"))).containsExactly("CMD", "pg_isready", "-h",
				"127.0.0.1", "-U", "llmchat", "-d", "llmchat");
		// for psql and copies from this host only: loopback, on a port the system picks
		assertThat(list(postgres.get("ports"))).containsExactly("127.0.0.1::5432");
	}

	@Test
	void backendWaitsForAHealthyPostgresOnlyWhenTheProfileRunsIt() {
		Map<String, Object> dependsOn = map(service("backend").get("depends_on"));

		assertThat(dependsOn).containsOnlyKeys("postgres");
		assertThat(map(dependsOn.get("postgres"))).containsEntry("condition", "service_healthy")
			.containsEntry("required", false);
	}

	@Test
	void everyVariableHasADefaultSoThatAnUnsetOneBreaksNoProfile() {
		// Compose interpolates the whole file whatever the profiles: ${VAR:?} or a bare ${VAR} would stop the default path
		for (String file : List.of(text, scaleText)) {
			assertThat(file).doesNotContainPattern("\\$\\{[A-Z_][A-Z0-9_]*(:?\\?[^}]*)?}");
		}
	}

	@Test
	void scaleOverrideFreesTheReplicasNamesAndPortsAndPutsTheLoadBalancerInFront() {
		for (String name : List.of("backend", "frontend")) {
			// several containers cannot share one name or one host port
			assertThat(scaleService(name).get("container_name")).as(name).isSameAs(RESET);
			assertThat(scaleService(name).get("ports")).as(name).isSameAs(RESET);
		}
		assertThat(map(scaleService("frontend").get("environment"))).containsExactly(Map.entry("BACKEND_URL", "http://lb:8000"));

		Map<String, Object> lb = scaleService("lb");
		assertThat(lb.get("container_name")).isEqualTo("mlx-lb");
		assertThat(list(lb.get("volumes")))
			.containsExactly("./deploy/nginx/llmchat-lb.conf:/etc/nginx/conf.d/default.conf:ro");
		assertThat(Scripts.root().resolve("deploy/nginx/llmchat-lb.conf")).isRegularFile();
		assertThat(list(lb.get("ports"))).containsExactly("${BIND_ADDRESS:-0.0.0.0}:${BACKEND_PORT:-8000}:8000",
				"${BIND_ADDRESS:-0.0.0.0}:${FRONTEND_PORT:-5001}:5001");
		assertThat(lb.get("restart")).isEqualTo("unless-stopped");
		assertThat(list(lb.get("networks"))).containsExactly("mlx-network");
		assertThat(list(map(lb.get("healthcheck")).get("test"))).contains("http://127.0.0.1:8000/health");
		// the load balancer waits for the backends only: a frontend is healthy once it reaches a backend, through the
		// load balancer, so waiting for healthy frontends here would wait forever
		Map<String, Object> dependsOn = map(lb.get("depends_on"));
		assertThat(dependsOn).containsOnlyKeys("backend");
		assertThat(map(dependsOn.get("backend"))).containsEntry("condition", "service_healthy");
		assertThat(map(map(scaleService("frontend").get("depends_on")).get("lb"))).containsEntry("condition",
				"service_started");
	}

	@Test
	void loadBalancerImageAndConfigurationFindScaledReplicasByName() throws IOException {
		// `server NAME resolve` in an upstream is open source from nginx 1.27.3 on; Debian 12's 1.22 cannot run it
		String lbImage = String.valueOf(scaleService("lb").get("image"));
		Matcher image = Pattern.compile("\\$\\{NGINX_IMAGE:-nginx:1\\.(\\d+)}").matcher(lbImage);
		assertThat(image.matches()).as(lbImage).isTrue();
		assertThat(Integer.parseInt(image.group(1))).isGreaterThanOrEqualTo(28);

		String config = read("deploy/nginx/llmchat-lb.conf");
		assertThat(config).contains("resolver 127.0.0.11 valid=10s", "server backend:8000 resolve max_fails=0;",
				"server frontend:5001 resolve max_fails=0;", "zone llmchat_backend ", "zone llmchat_frontend ");
		// round-robin: no method that would tie a client to one replica or weigh them
		assertThat(config).doesNotContainPattern("(?m)^\\s*(ip_hash|hash|sticky|least_conn|random)\\b");
		// a stream may stay quiet for as long as the backend lets the model think
		Matcher timeout = Pattern.compile("(?m)^\\s*proxy_read_timeout (\\d+)h;").matcher(config);
		assertThat(timeout.find()).as("proxy_read_timeout in hours").isTrue();
		assertThat(Integer.parseInt(timeout.group(1))).isGreaterThanOrEqualTo(1);
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
		assertThat(map(service("postgres").get("environment"))).containsEntry("POSTGRES_PASSWORD",
				"${POSTGRES_PASSWORD:-}");
		assertThat(scaleText).doesNotContain("change-me").doesNotContainPattern("(?i)(password|secret|key)\\s*[:=]");
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
			.containsPattern("(?m)^SESSION_SECRET=$")
			.containsPattern("(?m)^POSTGRES_PASSWORD=$")
			.contains("openssl rand -hex 24");
		List<String> gitignore = Files.readAllLines(Scripts.root().resolve(".gitignore"), StandardCharsets.UTF_8);
		assertThat(gitignore).contains(".env");
	}

	@Test
	void everyVariableTheComposeFilesReadIsDocumentedInTheReadme() throws IOException {
		String readme = read("README.md");
		Set<String> variables = new TreeSet<>();
		Matcher matcher = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)").matcher(text + scaleText);
		while (matcher.find()) {
			variables.add(matcher.group(1));
		}
		assertThat(variables).contains("SECRET_KEY", "BACKEND_PORT", "LLM_SERVER_BASE_URL", "POSTGRES_PASSWORD",
				"POSTGRES_IMAGE", "DATABASE_URL", "NGINX_IMAGE");
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
