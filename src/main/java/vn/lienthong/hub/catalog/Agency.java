package vn.lienthong.hub.catalog;

import java.time.LocalDate;

/**
 * An agency (cơ quan) that receives or handles dossiers, identified by its QCVN 102:2016 code
 * ({@code V1V2V3.Z1Z2.Y1Y2.MX1X2}, e.g. {@code 000.00.61.H56}).
 *
 * <p>Agencies are not versioned: they carry validity dates instead, because the 2025 reorganisation closed some
 * codes and opened others, and a dossier keeps the agency it was received by.
 *
 * @param code      the QCVN 102 code
 * @param name      full name
 * @param shortName short name for receipts and screens; may be null
 * @param partner   the partner system that serves this agency ({@code tax}, {@code police}, {@code bhxh}), or
 *                  null when its dossiers stay with the one-stop shop
 * @param validFrom first day the code is in use
 * @param validTo   last day the code is in use; null while open-ended
 */
public record Agency(String code, String name, String shortName, String partner, LocalDate validFrom,
                     LocalDate validTo) {

    /** Whether the agency exists on that day (both ends included). */
    public boolean validOn(LocalDate day) {
        return validFrom != null && !day.isBefore(validFrom) && (validTo == null || !day.isAfter(validTo));
    }
}
