package vn.lienthong.hub.dossier;

/**
 * The ten states of a dossier, one-to-one with the national portal's status codes (TrangThaiHoSo).
 */
public enum DossierStatus {
    /** Mới đăng ký: submitted online or by post, not yet accepted. */
    SUBMITTED(1, Clock.NOT_STARTED),
    /** Được tiếp nhận. */
    RECEIVED(2, Clock.RUNNING),
    /** Không được tiếp nhận. */
    REFUSED(3, Clock.ENDED),
    /** Đang xử lý (sub-states: transferred to an agency, extended). */
    IN_PROGRESS(4, Clock.RUNNING),
    /** Yêu cầu bổ sung giấy tờ. */
    SUPPLEMENT_REQUESTED(5, Clock.PAUSED),
    /** Yêu cầu thực hiện nghĩa vụ tài chính. */
    AWAITING_PAYMENT(6, Clock.PAUSED),
    /** Công dân yêu cầu rút hồ sơ. */
    WITHDRAWAL_REQUESTED(7, Clock.RUNNING),
    /** Dừng xử lý. */
    STOPPED(8, Clock.ENDED),
    /** Đã xử lý xong. */
    RESOLVED(9, Clock.ENDED),
    /** Đã trả kết quả. */
    RETURNED(10, Clock.ENDED);

    /** What the processing clock does in a state. */
    public enum Clock { NOT_STARTED, RUNNING, PAUSED, ENDED }

    private final int dvcqgCode;
    private final Clock clock;

    DossierStatus(int dvcqgCode, Clock clock) {
        this.dvcqgCode = dvcqgCode;
        this.clock = clock;
    }

    public int dvcqgCode() {
        return dvcqgCode;
    }

    public Clock clock() {
        return clock;
    }

    public boolean terminal() {
        return this == REFUSED || this == STOPPED || this == RETURNED;
    }
}
