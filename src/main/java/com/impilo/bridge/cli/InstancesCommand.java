package com.impilo.bridge.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.impilo.bridge.ImpiloBridge;
import com.impilo.bridge.settings.BridgeConfigException;
import com.impilo.bridge.settings.BridgeSettings;
import com.impilo.bridge.settings.Configuration;
import com.impilo.bridge.store.FileClaims;
import com.impilo.bridge.store.Instances;
import com.impilo.bridge.store.StateStore;
import com.impilo.bridge.store.StoreClusterService;
import com.impilo.bridge.text.LogText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code instances}: the instances sharing the configured store, which are alive, who leads the feed, who works on what. */
@Command(name = "instances",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Prints the instances that share the state store bridge.store.url names (env BRIDGE_STORE_URL,"
                + " BRIDGE_STORE_USER, BRIDGE_STORE_PASSWORD): each one's host and data folder, whether it is alive"
                + " (seen within bridge.instance.lease), which one leads the order feed, and which files each is"
                + " working on now. Run it on any host that reaches the database."},
        footer = {"", "Exit codes: 0 printed; 2 configuration error (no shared store configured); 1 the store could"
                + " not be read."})
public final class InstancesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String prefix = "impilo-order-bridge instances: ";
        Configuration configuration;
        String url;
        Duration lease;
        try {
            configuration = config.loadChecked(Map.of());
            url = SharedStore.requiredUrl(configuration, "the store the instances share (a bridge on its own"
                    + " SQLite store is a single instance)");
            lease = BridgeSettings.instanceLease(configuration);
        } catch (BridgeConfigException e) {
            return ConfigOptions.report(e, prefix, err);
        }
        return SharedStore.attached(configuration, url, prefix, out, err, store -> {
            print(out, store, lease, Clock.systemUTC());
            return 0;
        });
    }

    static void print(PrintWriter out, StateStore store, Duration lease, Clock clock) {
        Instant now = clock.instant();
        List<Instances.Instance> instances = new Instances(store.dataSource(), "", clock).all();
        out.println("instances sharing the store (installation " + store.installationId() + "):");
        if (instances.isEmpty()) {
            out.println("  (none has run yet)");
        }
        for (Instances.Instance instance : instances) {
            Duration since = Duration.between(instance.seenAt(), now);
            boolean alive = instance.aliveAt(now, lease);
            out.printf("  %-24s %-6s host %s, data folder %s, started %s, last seen %s ago%n", instance.name(),
                    alive ? "alive" : "gone", instance.host(), instance.dataDir(), instance.startedAt(),
                    ago(since));
        }
        String leader = new StoreClusterService(store.dataSource(), "", lease, clock)
                .leaderOf(ImpiloBridge.FEED_LEADERSHIP).orElse("none (no instance runs the feed on a schedule now)");
        out.println("order feed leader: " + leader);
        // the claims of files; those of orders and feed changes ('#order', '#feed') last only while each is handled
        List<FileClaims.Claim> claims = new FileClaims(store.dataSource(), "", lease, clock).all().stream()
                .filter(claim -> !claim.source().startsWith("#")).toList();
        out.println("files being worked on: " + claims.size());
        for (FileClaims.Claim claim : claims) {
            out.printf("  %-12s %-40s %s%s%n", claim.source(), LogText.of(claim.fileKey()), claim.instance(),
                    claim.leaseUntil().isBefore(now) ? " (its lease ran out: another instance takes it over)" : "");
        }
    }

    private static String ago(Duration since) {
        long seconds = Math.max(0, since.toSeconds());
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }
}
