package com.impilo.bridge.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the optional user routes: every {@code *.yaml} file (Camel YAML DSL) of the user-routes folder. */
public final class UserRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(UserRoutes.class);

    private UserRoutes() {
    }

    /** Loads the folder's routes into the context; a missing folder loads none. */
    public static List<Path> load(CamelContext context, Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            LOG.debug("user routes: none ({} is not a folder)", folder.toAbsolutePath());
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(file -> file.getFileName().toString().endsWith(".yaml"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IOException("cannot list the user routes folder " + folder + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            Resource resource = ResourceHelper.resolveMandatoryResource(context, "file:" + file.toAbsolutePath());
            PluginHelper.getRoutesLoader(context).loadRoutes(resource);
            LOG.info("user routes: loaded {}", file.toAbsolutePath());
        }
        return files;
    }
}
