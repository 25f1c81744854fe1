package com.impilo.bridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.impilo.bridge.model.ImpiloJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/** The sandbox's orders in memory: ids, lookup, voiding and the filtered, newest-first pages of the list endpoint. */
final class SandboxOrderStore {

    static final long FIRST_ID = 1001;
    static final String VOIDED = "voided";

    private final AtomicLong nextId = new AtomicLong(FIRST_ID);
    // Guarded by this. Stored nodes are mutable, so only deep copies ever leave the store.
    private final NavigableMap<Long, ObjectNode> orders = new TreeMap<>();

    /** Ids from now on start after {@code id}, when it is not below the next id already. */
    void continueAfter(long id) {
        nextId.accumulateAndGet(id + 1, Math::max);
    }

    /** Stores the order built for the next id and returns a copy of it. */
    ObjectNode place(LongFunction<ObjectNode> build) {
        long id = nextId.getAndIncrement();
        ObjectNode order = wireForm(build.apply(id));
        ObjectNode answer = order.deepCopy();
        synchronized (this) {
            orders.put(id, order);
        }
        return answer;
    }

    synchronized Optional<JsonNode> find(long id) {
        return Optional.ofNullable(orders.get(id)).map(ObjectNode::deepCopy);
    }

    /** All orders, ascending id. */
    synchronized List<JsonNode> all() {
        List<JsonNode> all = new ArrayList<>(orders.size());
        orders.values().forEach(order -> all.add(order.deepCopy()));
        return all;
    }

    /**
     * Marks the order voided and records the event; false when there is no such order.
     * Voiding twice leaves one event, so a client's retried DELETE does not change the order again.
     */
    synchronized boolean voidOrder(long id, ObjectNode event) {
        ObjectNode order = orders.get(id);
        if (order == null) {
            return false;
        }
        if (!VOIDED.equals(order.path("currentStatus").asText())) {
            order.put("currentStatus", VOIDED);
            order.withArrayProperty("orderEvents").add(event);
        }
        return true;
    }

    /** Changes the stored order in place, under the store's lock; false when there is no such order. */
    synchronized boolean update(long id, Consumer<ObjectNode> change) {
        ObjectNode order = orders.get(id);
        if (order == null) {
            return false;
        }
        change.accept(order);
        return true;
    }

    /** The ids of all stored orders, ascending. */
    synchronized List<Long> ids() {
        return new ArrayList<>(orders.keySet());
    }

    /** The page the list endpoint answers: matches newest first, with page, size, total, first and last. */
    synchronized ObjectNode page(SandboxListQuery query) {
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        ArrayNode content = page.putArray("content");
        long total = 0;
        long offset = query.offset();
        // Newest first, as a live list is read while orders keep arriving.
        for (ObjectNode order : orders.descendingMap().values()) {
            if (query.matches(order)) {
                if (total >= offset && content.size() < query.size()) {
                    content.add(order.deepCopy());
                }
                total++;
            }
        }
        page.put("page", query.page());
        page.put("size", query.size());
        page.put("total", total);
        page.put("first", query.page() == 1);
        page.put("last", offset + query.size() >= total);
        return page;
    }

    /**
     * The order as a client parses it from the wire. Node equality is type-strict (a long 1001 is not an int 1001),
     * so without this a test comparing an answer with {@link #find(long)} would fail on identical JSON.
     */
    private static ObjectNode wireForm(ObjectNode order) {
        try {
            return (ObjectNode) ImpiloJson.mapper().readTree(ImpiloJson.mapper().writeValueAsBytes(order));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-read an order the sandbox built", e);
        }
    }

    /** Forgets all orders; ids keep counting so that no id is handed out twice by one sandbox. */
    synchronized void clear() {
        orders.clear();
    }
}
