package io.mt5db.security;

import io.mt5db.common.ApiException;
import jakarta.enterprise.context.RequestScoped;

/** Holds the caller that {@link ApiKeyFilter} authenticated for this request. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw ApiException.unauthorized("An API key is required");
        }
        return caller;
    }

    public boolean isPresent() {
        return caller != null;
    }

    /**
     * The account a request acts for: a bound key's own account (another one is 403), otherwise the
     * one the request names.
     */
    public String resolveAccount(String requested) {
        Caller c = get();
        if (c.isAccountBound()) {
            if (requested != null && !requested.isBlank() && !requested.equals(c.accountId())) {
                throw ApiException.forbidden("This key is bound to account " + c.accountId()
                        + " and cannot act for account " + requested);
            }
            return c.accountId();
        }
        return requested == null || requested.isBlank() ? null : requested;
    }
}
