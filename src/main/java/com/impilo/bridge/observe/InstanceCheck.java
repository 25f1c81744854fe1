package com.impilo.bridge.observe;

import java.util.Map;
import java.util.Optional;

import com.impilo.bridge.store.InstanceMembership;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness: DOWN while this instance cannot reach the state store it shares with the others (it cannot claim files
 * or renew its claims). Its details name the instance and whether it leads the order feed.
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
        super.doCall(builder, options);
    }

    @Override
    protected Optional<String> problem() {
        return membership.storeProblem();
    }
}
