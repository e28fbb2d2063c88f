package dev.llmchat.simulator;

public final class SimulatorMain {

	public static void main(String[] args) {
	}

}
