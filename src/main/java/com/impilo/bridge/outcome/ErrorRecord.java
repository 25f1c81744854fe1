package com.impilo.bridge.outcome;

import java.nio.file.Path;
import java.util.List;

import com.impilo.bridge.model.ResolvedReference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The content of an {@code .error.json} file: why an order or file stopped, and where it came from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"reason", "category", "violations", "httpStatus", "apiResponse", "attempts", "source", "sourceFile",
        "position", "sourceRows", "externalOrderIds", "idempotencyKey", "timestamp", "replay"})
public record ErrorRecord(
        String reason,
        String category,
        List<String> violations,
        Integer httpStatus,
        String apiResponse,
        Integer attempts,
        String source,
        String sourceFile,
        String position,
        List<String> sourceRows,
        List<String> externalOrderIds,
        String idempotencyKey,
        String timestamp,
        List<ResolvedReference> resolved,
        String replay) {

    /**
     * The same record, telling the engineer how to replay the dead letter written under {@code name} in {@code dir},
     * a folder of the data folder: the command, ready to paste.
     */
    ErrorRecord withReplay(Path dir, String name) {
        return new ErrorRecord(reason, category, violations, httpStatus, apiResponse, attempts, source, sourceFile,
                position, sourceRows, externalOrderIds, idempotencyKey, timestamp, resolved,
                "correct " + dir.getFileName() + "/" + name + " if needed, then: java -jar impilo-order-bridge.jar"
                        + " replay --data-dir " + dir.toAbsolutePath().normalize().getParent() + " " + name);
    }
}
