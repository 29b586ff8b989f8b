package vn.lienthong.hub.dossier;

/** Why the clock is paused: a supplement request (form 02) or a financial-obligation wait. */
public enum PauseKind { SUPPLEMENT, PAYMENT }
