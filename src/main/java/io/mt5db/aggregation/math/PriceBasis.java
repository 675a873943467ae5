package io.mt5db.aggregation.math;

/** Which price of a tick builds candles: the mid (the old system's rule, default) or the bid (MT5 charts). */
public enum PriceBasis {
    MID, BID;

    public double price(double bid, double ask) {
        return this == BID ? bid : (bid + ask) / 2.0;
    }
}
