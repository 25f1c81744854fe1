package com.impilo.bridge.outcome;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.impilo.bridge.model.ImpiloJson;
import com.impilo.bridge.store.ReplayRequests;
import com.impilo.bridge.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays asked of this instance from another host (through the shared store): each is done here, where the dead
 * letters are, exactly as {@code replay} run on this host would, and answered with what was moved back.
 */
public final class AskedReplays {

    private static final Logger LOG = LoggerFactory.getLogger(AskedReplays.class);

    /** What to replay, as it travels between hosts: which folders, and optionally a partner, a time and names. */
    public record Ask(boolean rejected, boolean undelivered, String partner, String since, List<String> names) {

        public Ask {
            names = names == null ? List.of() : List.copyOf(names);
        }

        /** Both folders unless one is named, as {@code replay} takes them. */
        public DeadLetterReplay.Selection selection(DataFolders folders) {
            List<Path> from = new ArrayList<>();
            if (rejected || !undelivered) {
                from.add(folders.rejected());
            }
            if (undelivered || !rejected) {
                from.add(folders.undelivered());
            }
            return new DeadLetterReplay.Selection(from, Optional.ofNullable(partner),
                    Optional.ofNullable(since).map(Instant::parse), names);
        }

        public String toJson() {
            return json(this);
        }
    }

    /** One dead letter moved back: where it was (relative to the data folder), its name in the inbox, its reason. */
    public record Moved(String from, String inboxName, String reason) {
    }

    /** What an instance did with a request: what it moved back, or why it could not. */
    public record Answer(List<Moved> moved, String error) {

        public Answer {
            moved = moved == null ? List.of() : List.copyOf(moved);
        }

        public static Answer fromJson(String json) {
            try {
                return ImpiloJson.mapper().readValue(json, Answer.class);
            } catch (JsonProcessingException e) {
                return new Answer(List.of(), "its answer cannot be read: " + e.getOriginalMessage());
            }
        }
    }

    private final ReplayRequests requests;
    private final String instance;
    private final DataFolders folders;
    private final DeadLetterReplay replay;

    public AskedReplays(ReplayRequests requests, String instance, DataFolders folders, DeadLetterReplay replay) {
        this.requests = requests;
        this.instance = instance;
        this.folders = folders;
        this.replay = replay;
    }

    /** Reads a request's selection. */
    public static Ask ask(String json) throws JsonProcessingException {
        return ImpiloJson.mapper().readValue(json, Ask.class);
    }

    /** Does every replay waiting for this instance; returns how many there were. */
    public int serve() {
        List<ReplayRequests.Request> taken = requests.take(instance);
        for (ReplayRequests.Request request : taken) {
            Answer answer;
            try {
                List<Moved> moved = new ArrayList<>();
                for (DeadLetterReplay.Replayed one : replay.replay(ask(request.selection()).selection(folders))) {
                    moved.add(new Moved(folders.root().toAbsolutePath().relativize(one.from().toAbsolutePath())
                            .toString(), one.inboxName(), one.reason()));
                }
                answer = new Answer(moved, null);
                LOG.info("replay asked by {} on another host: {} dead letter(s) moved back into the inbox",
                        LogText.of(request.askedBy()), moved.size());
            } catch (IOException | RuntimeException e) {
                answer = new Answer(List.of(), "cannot replay: " + e.getMessage());
                LOG.warn("replay asked by {} on another host failed: {}", LogText.of(request.askedBy()),
                        LogText.of(e.getMessage()));
            }
            requests.answer(request.id(), json(answer));
        }
        return taken.size();
    }

    /** {@link #serve()} on a timer: a store that cannot be reached now is asked again next time. */
    public void serveQuietly() {
        try {
            serve();
        } catch (RuntimeException e) {
            LOG.debug("cannot look for replays asked of instance {}: {}", instance, LogText.of(e.getMessage()));
        }
    }

    private static String json(Object value) {
        try {
            return ImpiloJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a replay request cannot be written as JSON", e);
        }
    }
}
