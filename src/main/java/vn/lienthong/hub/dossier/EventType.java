package vn.lienthong.hub.dossier;

/** What may happen to a dossier; the lifecycle decides whether it may happen now. */
public enum EventType {
    ACCEPT, REFUSE, START, TRANSFER, REQUEST_SUPPLEMENT, SUPPLEMENT_RECEIVED, REQUEST_PAYMENT, PAYMENT_RECEIVED,
    EXTEND, RESOLVE, RETURN, REQUEST_WITHDRAWAL, STOP
}
