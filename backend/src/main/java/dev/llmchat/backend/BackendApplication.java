package dev.llmchat.backend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.llmchat.backend.copy.CopyCommand;
import dev.llmchat.common.HostAddresses;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BackendApplication {

	public static void main(String[] args) {
		if (CopyCommand.requested(args)) {
			System.exit(CopyCommand.run(args, System.out, System.err));
		}
		HostAddresses.followAddressChanges();
		SpringApplication.run(BackendApplication.class, args);
	}

}
