package vn.lienthong.hub.sandbox.agency;

/**
 * How a simulated agency behaves: it answers after {@code latencyMs}, fails {@code failureRate} of the calls with
 * HTTP 503, refuses every call while {@code down}, refuses {@code refusalRate} of the accepted requests in its
 * callback, and calls back {@code processingMs} after accepting.
 */
record Behaviour(long latencyMs, double failureRate, boolean down, double refusalRate, long processingMs) {

    static final long MAX_LATENCY_MS = 120_000;
    static final long MAX_PROCESSING_MS = 3_600_000;

    Behaviour {
        if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
            throw new IllegalArgumentException("latencyMs must be between 0 and " + MAX_LATENCY_MS);
        }
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be between 0 and 1");
        }
        if (!(refusalRate >= 0 && refusalRate <= 1)) {
            throw new IllegalArgumentException("refusalRate must be between 0 and 1");
        }
        if (processingMs < 0 || processingMs > MAX_PROCESSING_MS) {
            throw new IllegalArgumentException("processingMs must be between 0 and " + MAX_PROCESSING_MS);
        }
    }

    /** The body of {@code PUT /sandbox/<partner>/behaviour}: every field optional, an absent one takes its default. */
    record Change(Long latencyMs, Double failureRate, Boolean down, Double refusalRate, Long processingMs) {

        Behaviour over(Behaviour defaults) {
            return new Behaviour(
                    latencyMs != null ? latencyMs : defaults.latencyMs(),
                    failureRate != null ? failureRate : defaults.failureRate(),
                    down != null ? down : defaults.down(),
                    refusalRate != null ? refusalRate : defaults.refusalRate(),
                    processingMs != null ? processingMs : defaults.processingMs());
        }
    }
}
