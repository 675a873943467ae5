package io.mt5db.market;

import java.math.BigDecimal;

/**
 * What is known of a symbol's price scale: its point and digits when set (by the EA or an admin),
 * and the digits inferred from its prices so far.
 */
public record SymbolScale(Double point, Integer digits, Integer inferredDigits) {

    public static final SymbolScale UNKNOWN = new SymbolScale(null, null, null);

    /**
     * The point to convert {@code spread_points} with: the set point, else 10^-digits of the set
     * digits, else of the most decimals seen (in stored prices or in the item's own).
     */
    public double point(int itemDigits) {
        if (point != null) {
            return point;
        }
        int d = digits != null ? digits : Math.max(itemDigits, inferredDigits == null ? 0 : inferredDigits);
        return BigDecimal.ONE.movePointLeft(d).doubleValue();
    }

    /** Converts points to price units, rounding once. */
    public double toPrice(double points, int itemDigits) {
        return BigDecimal.valueOf(points).multiply(BigDecimal.valueOf(point(itemDigits))).doubleValue();
    }
}
