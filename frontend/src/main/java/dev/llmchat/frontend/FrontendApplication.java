package dev.llmchat.frontend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.llmchat.common.HostAddresses;

@SpringBootApplication
@ConfigurationPropertiesScan
public class FrontendApplication {

	public static void main(String[] args) {
		HostAddresses.followAddressChanges();
		SpringApplication.run(FrontendApplication.class, args);
	}

}
