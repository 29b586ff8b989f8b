package vn.lienthong.hub.dossier;

/** The forms of the one-stop-shop mechanism a transition issues (Circular 01/2018/TT-VPCP, mẫu 01–05). */
public enum Form {
    /** Mẫu 01: giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
    RECEIPT("01"),
    /** Mẫu 02: phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
    SUPPLEMENT_REQUEST("02"),
    /** Mẫu 03: phiếu từ chối tiếp nhận giải quyết hồ sơ. */
    REFUSAL("03"),
    /** Mẫu 04: phiếu xin lỗi và hẹn lại ngày trả kết quả. */
    APOLOGY_NEW_DATE("04"),
    /** Mẫu 05: phiếu đề nghị dừng / thông báo dừng xử lý. */
    STOP_NOTICE("05");

    private final String number;

    Form(String number) {
        this.number = number;
    }

    public String number() {
        return number;
    }
}
