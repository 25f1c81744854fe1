package com.example.esb;

import com.impilo.bridge.ImpiloBridge;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring Boot snippet of docs/embedding.md, as is: the bridge joins the host's CamelContext before it starts. */
@Configuration
class ImpiloBridgeConfiguration {
    @Bean
    CamelContextConfiguration impiloBridge() {
        return new CamelContextConfiguration() {
            public void beforeApplicationStart(CamelContext context) {
                try {
                    ImpiloBridge.install(context);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            public void afterApplicationStart(CamelContext context) { }
        };
    }
}
