package io.darkroom.worker;

import io.darkroom.infra.InfraConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Darkroom's worker: any number run side by side as competing consumers. */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
@Import(InfraConfiguration.class)
@PropertySource("classpath:darkroom-worker.properties")
public class WorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkerApplication.class, args);
    }
}
