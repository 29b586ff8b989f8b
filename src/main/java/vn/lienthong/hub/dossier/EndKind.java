package vn.lienthong.hub.dossier;

/** How processing ended: the first terminal state reached. */
public enum EndKind { RESOLVED, RETURNED, REFUSED, STOPPED, WITHDRAWN }
