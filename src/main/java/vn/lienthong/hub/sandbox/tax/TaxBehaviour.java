package vn.lienthong.hub.sandbox.tax;

/**
 * How the simulated tax authority behaves: it answers after {@code latencyMs}, fails {@code failureRate} of the
 * calls (HTTP 503 with a SOAP server fault), and refuses every call while {@code down} (HTTP 503).
 */
record TaxBehaviour(long latencyMs, double failureRate, boolean down) {

    static final long MAX_LATENCY_MS = 120_000;

    TaxBehaviour {
        if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
            throw new IllegalArgumentException("latencyMs must be between 0 and " + MAX_LATENCY_MS);
        }
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be between 0 and 1");
        }
    }

    /** The body of {@code PUT /sandbox/tax/behaviour}: every field optional, an absent one takes its default. */
    record Change(Long latencyMs, Double failureRate, Boolean down) {

        TaxBehaviour over(TaxBehaviour defaults) {
            return new TaxBehaviour(
                    latencyMs != null ? latencyMs : defaults.latencyMs(),
                    failureRate != null ? failureRate : defaults.failureRate(),
                    down != null ? down : defaults.down());
        }
    }
}
