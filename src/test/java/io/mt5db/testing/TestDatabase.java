package io.mt5db.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the PostgreSQL test resource for every @QuarkusTest. */
@QuarkusTestResource(PostgresTestResource.class)
public final class TestDatabase {
    private TestDatabase() {
    }
}
