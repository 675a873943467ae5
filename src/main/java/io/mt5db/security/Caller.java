package io.mt5db.security;

import java.util.Set;

/** The authenticated key behind a request. */
public record Caller(long keyId, String name, Set<Scope> scopes, String accountId) {

    public boolean has(Scope scope) {
        return scopes.contains(Scope.ADMIN) || scopes.contains(scope);
    }

    public boolean isAdmin() {
        return scopes.contains(Scope.ADMIN);
    }

    /** A key bound to an account sees only that account. */
    public boolean isAccountBound() {
        return accountId != null && !isAdmin();
    }
}
