package io.mt5db.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.mt5db.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: TLS served by Quarkus itself with a self-signed certificate generated at test time
 * (keytool, PKCS12), as docs/SECURITY.md describes; plain HTTP is redirected to HTTPS.
 */
@QuarkusTest
@TestProfile(TlsTest.Tls.class)
class TlsTest {

    static final String PASSWORD = "changeit-test";

    public static class Tls implements QuarkusTestProfile {
        static int port;
        static int plainPort;

        @Override
        public Map<String, String> getConfigOverrides() {
            Path keystore = Path.of("target", "tls-test", "server.p12").toAbsolutePath();
            try {
                Files.createDirectories(keystore.getParent());
                Files.deleteIfExists(keystore);
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "mt5db", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                        "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                        .redirectErrorStream(true).start();
                String output = new String(keytool.getInputStream().readAllBytes());
                if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
                try (ServerSocket free = new ServerSocket(0); ServerSocket free2 = new ServerSocket(0)) {
                    port = free.getLocalPort();
                    plainPort = free2.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Map.of("quarkus.http.ssl.certificate.key-store-file", keystore.toString(),
                    "quarkus.http.ssl.certificate.key-store-password", PASSWORD,
                    "quarkus.http.test-ssl-port", String.valueOf(port),
                    "quarkus.http.test-port", String.valueOf(plainPort),
                    "quarkus.http.insecure-requests", "redirect");
        }
    }

    @Test
    void theApiIsServedOverTlsWithASelfSignedCertificateAndPlainHttpIsRedirected() throws Exception {
        String https = "https://localhost:" + Tls.port;
        given().relaxedHTTPSValidation().baseUri(https).get("/q/health/ready").then().statusCode(200);
        // The same with the JDK client trusting this one self-signed certificate (what an EA's host does).
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(trusting()).build();
        java.net.http.HttpResponse<String> ingest = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(https + "/ingest")).header("X-API-Key", Api.EA_KEY).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Api.m1(Api.uniqueSymbol("TLS"), "\"2024-07-01T00:00:00Z\"")))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertEquals(200, ingest.statusCode(), ingest.body());
        org.junit.jupiter.api.Assertions.assertEquals(401, client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(https + "/stats")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        // Without relaxed validation the self-signed certificate is refused by the client.
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> given().baseUri(https).get("/q/health/ready"));
        given().redirects().follow(false).baseUri("http://localhost:" + Tls.plainPort).get("/q/health/ready").then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(301), equalTo(302), equalTo(307), equalTo(308)))
                .header("Location", startsWith("https://"));
    }

    /** An SSL context trusting exactly the test's keystore certificate. */
    static javax.net.ssl.SSLContext trusting() throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of("target", "tls-test", "server.p12"))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("mt5db", ks.getCertificate("mt5db"));
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory
                .getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
