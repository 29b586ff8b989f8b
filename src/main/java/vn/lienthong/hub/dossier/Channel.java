package vn.lienthong.hub.dossier;

/** How a dossier reached the center (KenhThucHien: 1 in person, 2 online, 3 public postal service). */
public enum Channel {
    DIRECT(1), ONLINE(2), POSTAL(3);

    private final int dvcqgCode;

    Channel(int dvcqgCode) {
        this.dvcqgCode = dvcqgCode;
    }

    public int dvcqgCode() {
        return dvcqgCode;
    }
}
