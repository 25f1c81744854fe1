package com.example.esb;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The host: an existing Spring Boot ESB with its own Camel routes. */
@SpringBootApplication
public class EsbApplication {
}
