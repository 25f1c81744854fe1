package com.impilo.bridge.store;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.impilo.bridge.text.LogText;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance among those that share the state store: it says at start that it runs (and gives up the claims its
 * previous run left), then every third of the lease that it is alive and that it still works on the files it claimed.
 * A claim taken over meanwhile (this instance was stalled past its lease) is logged; the ledger still keeps each of
 * its orders once.
 */
public final class InstanceMembership extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceMembership.class);

    private final CamelContext context;
    private final String name;
    private final Path dataDir;
    private final Duration lease;
    private final Instances instances;
    private final FileClaims claims;
    private final DataSource dataSource;
    private final String runId = UUID.randomUUID().toString();
    private final String leadership;
    private final Clock clock;
    private ScheduledExecutorService timer;
    private volatile String storeProblem;
    private volatile Peers peers;

    /**
     * The instances sharing the store as this one saw them at its last heartbeat: those alive, and which of them leads
     * the watched leadership (the order feed). For health details and metrics, which must not wait on the store.
     */
    public record Peers(List<String> alive, Optional<String> leader) {
    }

    /**
     * @param leadership the leadership whose leader this instance reports ({@link #peers()}), e.g. the order feed's
     */
    public InstanceMembership(CamelContext context, StateStore store, String name, Path dataDir, Duration lease,
                              String leadership, Clock clock) {
        this.context = context;
        this.leadership = leadership;
        this.clock = clock;
        this.peers = new Peers(List.of(name), Optional.empty());
        this.name = name;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.lease = lease;
        this.instances = new Instances(store.dataSource(), name, clock);
        this.claims = new FileClaims(store.dataSource(), name, lease, clock);
        this.dataSource = store.dataSource();
    }

    /**
     * The name an instance has when none is configured: the host's name and a short hash of its data folder, the same
     * at every start, and different for two data folders on one host.
     */
    public static String defaultName(Path dataDir) {
        String host = hostName().replaceAll("[^A-Za-z0-9._-]", "-");
        host = host.isEmpty() || !Character.isLetterOrDigit(host.charAt(0)) ? "bridge" + host : host;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return host.substring(0, Math.min(host.length(), 60)) + "-" + HexFormat.of().formatHex(hash, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /** This host's name, as instances record it. */
    public static String hostName() {
        try {
            Path etc = Path.of("/etc/hostname");
            if (Files.isReadable(etc)) {
                String name = Files.readString(etc, StandardCharsets.UTF_8).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "bridge";
        }
    }

    public String name() {
        return name;
    }

    public FileClaims claims() {
        return claims;
    }

    /** Why this instance could not say it is alive at its last try, when it could not: the store did not answer. */
    public Optional<String> storeProblem() {
        return Optional.ofNullable(storeProblem);
    }

    /** The instances alive and the leader, as this instance saw them at its last heartbeat. */
    public Peers peers() {
        return peers;
    }

    public Instances instances() {
        return instances;
    }

    /**
     * Checks, before anything starts, that no other live instance has this name.
     *
     * @throws IllegalStateException naming the other instance
     */
    public void checkNameFree() throws InterruptedException {
        instances.checkNameFree(hostName(), dataDir.toString(), lease);
    }

    @Override
    protected void doStart() {
        instances.started(hostName(), dataDir.toString(), runId);
        int leftOver = claims.releaseLeftOver();
        if (leftOver > 0) {
            LOG.info("instance {} gave up {} claim(s) of files its previous run left; they are taken again", name,
                    leftOver);
        }
        refreshPeers();
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "bridge-instance");
        long every = Math.max(1, lease.toMillis() / 3);
        timer.scheduleWithFixedDelay(this::keepAlive, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            context.getExecutorServiceManager().shutdownNow(timer);
        }
        try {
            instances.stopped();
        } catch (RuntimeException e) {
            LOG.debug("cannot record that instance {} stopped: {}", name, LogText.of(e.getMessage()));
        }
    }

    private void refreshPeers() {
        peers = new Peers(instances.alive(lease), StoreClusterService.leaderOf(dataSource, leadership, clock));
    }

    private void keepAlive() {
        try {
            instances.alive();
            storeProblem = null;
            refreshPeers();
            for (FileClaims.FileRef lost : claims.renewHeld()) {
                LOG.warn("instance {} lost its claim of file {} of source {}: it did not renew it within {} ms"
                        + " (bridge.instance.lease) and another instance took it over; the ledger keeps its orders"
                        + " once", name, LogText.of(lost.fileKey()), lost.source(), lease.toMillis());
            }
        } catch (RuntimeException e) {
            storeProblem = "instance " + name + " cannot reach the state store: " + LogText.of(e.getMessage());
            LOG.warn("instance {} cannot renew its claims in the state store; another instance takes its files over"
                    + " once their lease runs out: {}", name, LogText.of(e.getMessage()));
        }
    }
}
