package com.impilo.bridge.settings;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.spi.PropertiesComponent;

/** The settings of a host application's CamelContext, for the bundle embedded there: Camel resolves them. */
public final class CamelPropertyLookup implements PropertyLookup {

    private final PropertiesComponent properties;

    public CamelPropertyLookup(PropertiesComponent properties) {
        this.properties = properties;
    }

    @Override
    public Optional<String> get(String key) {
        return properties.resolveProperty(key);
    }

    @Override
    public Optional<String> raw(String key) {
        return Optional.ofNullable(properties.loadProperties(key::equals).getProperty(key));
    }

    @Override
    public Set<String> keys(String prefix) {
        return new TreeSet<>(properties.loadProperties(key -> key.startsWith(prefix)).stringPropertyNames());
    }
}
