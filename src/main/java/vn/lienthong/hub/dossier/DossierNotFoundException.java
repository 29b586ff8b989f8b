package vn.lienthong.hub.dossier;

/** No dossier has this code (or the caller may not see it). */
public class DossierNotFoundException extends RuntimeException {

    public DossierNotFoundException(String code) {
        super("no dossier with code " + code);
    }
}
