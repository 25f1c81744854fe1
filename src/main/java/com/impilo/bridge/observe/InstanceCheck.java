package com.impilo.bridge.observe;

import java.util.Map;
import java.util.Optional;

import com.impilo.bridge.store.InstanceMembership;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness: DOWN while this instance cannot reach the state store it shares with the others (it cannot claim files
 * or renew its claims). Its details name the instance and whether it leads the order feed, and, as this instance saw
 * them at its last heartbeat, the instances alive and the feed's leader.
 */
public final class InstanceCheck extends ReadinessCheck {

    private final InstanceMembership membership;
    private final CamelClusterService cluster;
    private final String feedLeadership;

    public InstanceCheck(InstanceMembership membership, CamelClusterService cluster, String feedLeadership) {
        super("bridge-instance", "instance");
        this.membership = membership;
        this.cluster = cluster;
        this.feedLeadership = feedLeadership;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("instance", membership.name());
        builder.detail("leads.feed", cluster.isLeader(feedLeadership));
        // every instance's view, as this one saw it at its last heartbeat: any instance's health says the same
        InstanceMembership.Peers peers = membership.peers();
        builder.detail("instances.alive", String.join(",", peers.alive()));
        builder.detail("feed.leader", peers.leader().orElse("none"));
        super.doCall(builder, options);
    }

    @Override
    protected Optional<String> problem() {
        return membership.storeProblem();
    }
}
