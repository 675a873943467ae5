package io.mt5db.signals;

/** What a signal asks the EA to do: open long, open short, or close what it holds on the symbol. */
public enum Side {
    BUY, SELL, CLOSE
}
