package vn.lienthong.hub.catalog;

import vn.lienthong.hub.calendar.TimeLimit;

/**
 * One step of an inter-agency procedure (thủ tục liên thông) handled by a partner system, e.g. the police
 * registering permanent residence after a birth registration.
 *
 * @param order     1-based position; steps run in this order
 * @param partner   the partner system that handles the step: {@code tax}, {@code police} or {@code bhxh}
 * @param name      what the step does
 * @param timeLimit the share of the procedure's time limit the partner has for it
 * @param kind      what the step is, in capitals (e.g. {@code REGISTRATION}, {@code CARD}, {@code BENEFIT},
 *                  {@code FINANCIAL_OBLIGATION} — the last one makes the dossier wait for a payment)
 */
public record ProcedureStep(int order, String partner, String name, TimeLimit timeLimit, String kind) {

    /** The step that determines the citizen's financial obligation (e.g. land-use fee) and waits for payment. */
    public static final String FINANCIAL_OBLIGATION = "FINANCIAL_OBLIGATION";
}
