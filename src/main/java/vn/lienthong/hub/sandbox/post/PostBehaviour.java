package vn.lienthong.hub.sandbox.post;

/**
 * How the simulated post behaves. Like the simulated agencies: it answers orders after {@code latencyMs}, fails
 * {@code failureRate} of the calls with HTTP 503 and refuses every call while {@code down}. Then, for each order,
 * it reports the parcel's life by signed webhooks, one step every {@code stepMs}: a delivery attempt at the door
 * fails with probability {@code deliveryFailureRate}, and always for the first {@code deliveryFailures} attempts
 * (deterministic, for tests and demonstrations); {@code shuffle} sends a parcel's events in a random order once they
 * have all happened (a post office syncing late); {@code webhooks} false accepts orders and reports nothing (a test
 * then plays the post itself).
 */
record PostBehaviour(long latencyMs, double failureRate, boolean down, long stepMs, double deliveryFailureRate,
        int deliveryFailures, boolean shuffle, boolean webhooks) {

    static final long MAX_LATENCY_MS = 120_000;
    static final long MAX_STEP_MS = 3_600_000;

    PostBehaviour {
        if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
            throw new IllegalArgumentException("latencyMs must be between 0 and " + MAX_LATENCY_MS);
        }
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be between 0 and 1");
        }
        if (stepMs < 0 || stepMs > MAX_STEP_MS) {
            throw new IllegalArgumentException("stepMs must be between 0 and " + MAX_STEP_MS);
        }
        if (!(deliveryFailureRate >= 0 && deliveryFailureRate <= 1)) {
            throw new IllegalArgumentException("deliveryFailureRate must be between 0 and 1");
        }
        if (deliveryFailures < 0 || deliveryFailures > 20) {
            throw new IllegalArgumentException("deliveryFailures must be between 0 and 20");
        }
    }

    /** The body of {@code PUT /sandbox/vnpost/behaviour}: every field optional, an absent one takes its default. */
    record Change(Long latencyMs, Double failureRate, Boolean down, Long stepMs, Double deliveryFailureRate,
            Integer deliveryFailures, Boolean shuffle, Boolean webhooks) {

        PostBehaviour over(PostBehaviour d) {
            return new PostBehaviour(
                    latencyMs != null ? latencyMs : d.latencyMs(),
                    failureRate != null ? failureRate : d.failureRate(),
                    down != null ? down : d.down(),
                    stepMs != null ? stepMs : d.stepMs(),
                    deliveryFailureRate != null ? deliveryFailureRate : d.deliveryFailureRate(),
                    deliveryFailures != null ? deliveryFailures : d.deliveryFailures(),
                    shuffle != null ? shuffle : d.shuffle(),
                    webhooks != null ? webhooks : d.webhooks());
        }
    }
}
