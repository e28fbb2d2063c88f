package dev.llmchat.simulator;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlatErrorShapeTests {

	@Test
	void errorsUseTheFlatShapeOfVllm0100() {
		try (VllmSimulator simulator = VllmSimulator.start(SimulatorConfig.defaults().withErrorShape(ErrorShape.FLAT))) {
			HttpResponse<String> response = new SimulatorClient(simulator).post("/v1/chat/completions",
					SimulatorClient.chat("Hi").put("model", "nope").toString());

			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.body()).isEqualTo("{\"object\":\"error\",\"message\":\"The model `nope` does not exist.\","
					+ "\"type\":\"NotFoundError\",\"param\":null,\"code\":404}");
		}
	}

	@Test
	void aMidStreamErrorFrameCarriesTheObjectKeyInsideTheErrorInTheFlatShape() {
		try (VllmSimulator simulator = VllmSimulator.start(SimulatorConfig.defaults().withErrorShape(ErrorShape.FLAT))) {
			simulator.fault(Fault.ERROR_FRAME_MID_STREAM);

			HttpResponse<String> response = new SimulatorClient(simulator).post("/v1/chat/completions",
					SimulatorClient.streamingChat("Hi").toString());

			assertThat(SimulatorClient.events(response.body())).contains(
					"{\"error\":{\"object\":\"error\",\"message\":\"Simulated error during generation (fault "
							+ "error-frame-mid-stream)\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}");
		}
	}

}
