package vn.lienthong.hub.dossier;

/** How the result goes back: at the counter, or to the citizen's address by Vietnam Post. */
public enum ReturnMethod { COUNTER, POSTAL }
