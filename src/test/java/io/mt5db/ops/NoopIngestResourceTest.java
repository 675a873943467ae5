package io.mt5db.ops;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mt5db.common.ApiException;
import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

@QuarkusTest
class NoopIngestResourceTest {

    @Test
    void isNotFoundByDefault() {
        Api.ea().body("[{\"symbol\":\"EURUSD\"}]").post("/bench/noop").then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404));
    }

    @Test
    void stillNeedsAKeyWhenDisabled() {
        io.restassured.RestAssured.given().body("[]").post("/bench/noop").then().statusCode(401);
    }

    @Test
    void whenEnabledReadsTheWholeBodyAndAnswersItsSize() throws IOException {
        byte[] body = new byte[300_000];
        NoopIngestResource.NoopReply reply = new NoopIngestResource(() -> true).discard(new ByteArrayInputStream(body));
        assertTrue(reply.ok());
        assertEquals(body.length, reply.bytes());
    }

    @Test
    void whenDisabledDoesNotReadTheBody() {
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[10]);
        ApiException e = assertThrows(ApiException.class, () -> new NoopIngestResource(() -> false).discard(body));
        assertEquals(404, e.status());
        assertEquals(10, body.available());
    }
}
