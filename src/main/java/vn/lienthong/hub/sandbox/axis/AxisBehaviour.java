package vn.lienthong.hub.sandbox.axis;

/**
 * How the simulated national axis behaves: it answers after {@code latencyMs}, fails {@code failureRate} of the
 * calls with HTTP 503, refuses everything while {@code down} (and forgets its sessions, as after a restart),
 * silently loses {@code dropRate} of the sync messages it acknowledges, applies the others {@code delayMs} after
 * acknowledging them, gives session tokens valid {@code tokenTtlSeconds}, and signs its replies with a key the hub
 * does not trust while {@code signRepliesWithWrongKey}.
 */
record AxisBehaviour(long latencyMs, double failureRate, boolean down, double dropRate, long delayMs,
        long tokenTtlSeconds, boolean signRepliesWithWrongKey) {

    static final AxisBehaviour DEFAULTS = new AxisBehaviour(0, 0, false, 0, 0, 600, false);
    static final long MAX_LATENCY_MS = 120_000;
    static final long MAX_DELAY_MS = 3_600_000;

    AxisBehaviour {
        if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
            throw new IllegalArgumentException("latencyMs must be between 0 and " + MAX_LATENCY_MS);
        }
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be between 0 and 1");
        }
        if (!(dropRate >= 0 && dropRate <= 1)) {
            throw new IllegalArgumentException("dropRate must be between 0 and 1");
        }
        if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("delayMs must be between 0 and " + MAX_DELAY_MS);
        }
        if (tokenTtlSeconds < 1 || tokenTtlSeconds > 86_400) {
            throw new IllegalArgumentException("tokenTtlSeconds must be between 1 and 86400");
        }
    }

    /** The body of {@code PUT /sandbox/axis/behaviour}: every field optional, an absent one takes its default. */
    record Change(Long latencyMs, Double failureRate, Boolean down, Double dropRate, Long delayMs, Long tokenTtlSeconds,
            Boolean signRepliesWithWrongKey) {

        AxisBehaviour over(AxisBehaviour d) {
            return new AxisBehaviour(
                    latencyMs != null ? latencyMs : d.latencyMs(),
                    failureRate != null ? failureRate : d.failureRate(),
                    down != null ? down : d.down(),
                    dropRate != null ? dropRate : d.dropRate(),
                    delayMs != null ? delayMs : d.delayMs(),
                    tokenTtlSeconds != null ? tokenTtlSeconds : d.tokenTtlSeconds(),
                    signRepliesWithWrongKey != null ? signRepliesWithWrongKey : d.signRepliesWithWrongKey());
        }
    }
}
