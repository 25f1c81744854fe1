package com.impilo.bridge.outcome;

import java.util.List;

/**
 * Why an order stopped: in words for the error file and the receipt, its kind, the rules it broke, what the API
 * answered, and a short form for the log line.
 */
public record OrderFailure(String reason, String category, List<String> violations, Integer httpStatus,
                           String apiResponse, String logSummary) {
}
