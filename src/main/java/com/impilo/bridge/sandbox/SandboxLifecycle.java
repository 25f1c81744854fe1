package com.impilo.bridge.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the sandbox's orders through their life as Impilo's warehouse would: orderPlaced, awaitingShipment, shipped
 * (with a USPS tracking number), delivered; or voided. Each step sets currentStatus and adds an orderEvents entry.
 * Test knobs ({@link #advance}, {@link #shipOrder}, {@link #shipOldest}, {@link #voidOrder}) and an optional timer for demos.
 */
public final class SandboxLifecycle implements AutoCloseable {

    static final String AWAITING_SHIPMENT = "awaitingShipment";
    static final String SHIPPED = "shipped";
    static final String DELIVERED = "delivered";
    static final String CARRIER = "usps";

    private static final Logger LOG = LoggerFactory.getLogger(SandboxLifecycle.class);
    private static final Map<String, String> NEXT = Map.of(
            SandboxOrderFactory.ORDER_PLACED, AWAITING_SHIPMENT,
            AWAITING_SHIPMENT, SHIPPED,
            SHIPPED, DELIVERED);

    private final SandboxOrderStore store;
    private final SandboxOrderFactory factory;
    private ScheduledExecutorService timer; // guarded by this

    SandboxLifecycle(SandboxOrderStore store, SandboxOrderFactory factory) {
        this.store = store;
        this.factory = factory;
    }

    /** Moves the order one step on; empty when there is no such order or it is delivered or voided already. */
    public Optional<String> advance(long orderId) {
        String[] moved = new String[1];
        store.update(orderId, order -> {
            String next = NEXT.get(order.path("currentStatus").asText());
            if (next != null) {
                moveTo(order, next);
                moved[0] = next;
            }
        });
        return Optional.ofNullable(moved[0]);
    }

    /** Ships the order (through awaitingShipment if needed); false when it is shipped, delivered or voided already. */
    public boolean shipOrder(long orderId) {
        boolean[] shipped = new boolean[1];
        store.update(orderId, order -> {
            String status = order.path("currentStatus").asText();
            if (SandboxOrderFactory.ORDER_PLACED.equals(status)) {
                moveTo(order, AWAITING_SHIPMENT);
                status = AWAITING_SHIPMENT;
            }
            if (AWAITING_SHIPMENT.equals(status)) {
                moveTo(order, SHIPPED);
                shipped[0] = true;
            }
        });
        return shipped[0];
    }

    /** Ships the {@code count} oldest orders not shipped yet and returns their ids, oldest first. */
    public List<Long> shipOldest(int count) {
        List<Long> shipped = new ArrayList<>();
        for (long id : store.ids()) {
            if (shipped.size() == count) {
                break;
            }
            if (shipOrder(id)) {
                shipped.add(id);
            }
        }
        return shipped;
    }

    /** Voids the order, as DELETE /api/v3/order/{id} does; false when there is no such order. */
    public boolean voidOrder(long orderId) {
        return store.voidOrder(orderId, factory.event(SandboxOrderStore.VOIDED, Instant.now()));
    }

    /** The tracking number the sandbox gives an order when it ships. */
    public static String trackingNumber(long orderId) {
        return String.format("9400%018d", orderId);
    }

    /** Every {@code period}, moves every order that is not delivered or voided one step on, until closed. */
    public synchronized void startTimer(Duration period) {
        if (timer != null) {
            throw new IllegalStateException("the lifecycle timer is running already");
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "impilo-sandbox-lifecycle");
            thread.setDaemon(true);
            return thread;
        });
        long millis = period.toMillis();
        timer.scheduleWithFixedDelay(this::advanceAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private void advanceAll() {
        int moved = 0;
        for (long id : store.ids()) {
            if (advance(id).isPresent()) {
                moved++;
            }
        }
        if (moved > 0) {
            LOG.info("Impilo sandbox: {} order(s) moved one step on in their lifecycle", moved);
        }
    }

    private void moveTo(ObjectNode order, String status) {
        order.put("currentStatus", status);
        if (SHIPPED.equals(status)) {
            order.withArrayProperty("trackingNumbers").addObject()
                    .put("carrier", CARRIER)
                    .put("value", trackingNumber(order.path("id").asLong()));
        }
        order.withArrayProperty("orderEvents").add(factory.event(status, Instant.now()));
    }
}
