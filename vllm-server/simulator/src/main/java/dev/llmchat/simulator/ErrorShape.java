package dev.llmchat.simulator;

/**
 * The shape of vLLM's JSON error bodies.
 */
public enum ErrorShape {

	/**
	 * {@code {"error":{"message","type","param","code"}}}, vLLM 0.10.1 and later.
	 */
	NESTED,

	/**
	 * {@code {"object":"error","message","type","param","code"}}, vLLM 0.10.0 and earlier.
	 */
	FLAT

}
