package io.mt5db.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart (deploy/helm/mt5-trading-db) through Helm's own library (helm-java: Helm's Go code
 * for linux-amd64 over JNA): it lints strictly, renders, and its objects match what
 * deploy/k8s/check.sh renders with kustomize on the essentials (objects, roles, profiles, pool
 * sizes, probes, resources, security, HPA, PDB, Service, ConfigMap, Secret reference), for the
 * defaults against the base and for values-staging/values-production against those overlays.
 * The kustomize side uses {@code kubectl kustomize} when kubectl is installed; without it the
 * default rendering is compared with the base files as written and the overlay comparisons are skipped.
 */
class HelmChartTest {

    static final Path CHART = Path.of("deploy/helm/mt5-trading-db");
    static final Path K8S = Path.of("deploy/k8s");
    static final List<String> ROLES = List.of("aggregator", "api", "indicators", "ml");
    static final YAMLMapper YAML = new YAMLMapper();
    /** Helm's offline default is 1.20; the chart needs 1.27 (CronJob time zones). */
    static final String KUBE_VERSION = "1.30.0";

    @Test
    void lintsStrictlyWithEveryValuesFile() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> "helm lint --strict: " + result.getMessages());
        for (String values : List.of("values-staging.yaml", "values-production.yaml")) {
            assertFalse(render(values, Map.of()).isEmpty(), values);
        }
    }

    @Test
    void defaultsRenderOneDeploymentPerRoleWithItsProfileProbesAndResources() {
        Map<String, JsonNode> objects = byKindAndName(render(null, Map.of()));
        assertEquals(new TreeSet<>(List.of("ConfigMap/mt5db-config", "Deployment/mt5db-aggregator", "Deployment/mt5db-api",
                "Deployment/mt5db-indicators", "Deployment/mt5db-ml", "HorizontalPodAutoscaler/mt5db-api",
                "NetworkPolicy/mt5db", "NetworkPolicy/mt5db-api-clients", "PodDisruptionBudget/mt5db-api",
                "Service/mt5db-api", "ServiceAccount/mt5db")), objects.keySet());
        for (String role : ROLES) {
            JsonNode deployment = objects.get("Deployment/mt5db-" + role);
            JsonNode pod = deployment.at("/spec/template/spec");
            JsonNode container = pod.at("/containers/0");
            assertEquals(role, env(container, "QUARKUS_PROFILE"), role);
            assertEquals(role, deployment.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText());
            assertEquals(role, deployment.at("/spec/template/metadata/labels/app.kubernetes.io~1component").asText());
            assertEquals("/q/health/live", container.at("/startupProbe/httpGet/path").asText(), role);
            assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText(), role);
            assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText(), role);
            assertFalse(container.at("/resources/requests/memory").asText().isEmpty(), role);
            assertFalse(container.at("/resources/limits/memory").asText().isEmpty(), role);
            assertEquals("mt5db-secrets", container.at("/envFrom/1/secretRef/name").asText(), "secret by reference");
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), role);
            assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean(), role);
            assertEquals("mt5db:latest", container.path("image").asText());
        }
        assertEquals("mt5db-api", objects.get("HorizontalPodAutoscaler/mt5db-api").at("/spec/scaleTargetRef/name").asText());
        assertEquals("api", objects.get("PodDisruptionBudget/mt5db-api")
                .at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText());
    }

    @Test
    void defaultsMatchTheKustomizeBase() throws Exception {
        assertSameEssentials(kustomize(K8S.resolve("base")), render(null, Map.of()));
    }

    @Test
    void stagingValuesMatchTheStagingOverlay() throws Exception {
        assumeKubectl();
        List<JsonNode> helm = render("values-staging.yaml", Map.of());
        assertSameEssentials(kustomize(K8S.resolve("overlays/staging")), helm);
        assertFalse(byKindAndName(helm).containsKey("PodDisruptionBudget/mt5db-api"), "staging has no PDB");
    }

    @Test
    void productionValuesMatchTheProductionOverlay() throws Exception {
        assumeKubectl();
        List<JsonNode> helm = render("values-production.yaml", Map.of());
        assertSameEssentials(kustomize(K8S.resolve("overlays/production")), helm);
        Map<String, JsonNode> objects = byKindAndName(helm);
        assertEquals(2, objects.get("Deployment/mt5db-aggregator").at("/spec/replicas").asInt());
        assertTrue(objects.containsKey("CronJob/mt5db-backup") && objects.containsKey("PodMonitor/mt5db"));
    }

    @Test
    void pgbouncerValuesMatchTheComponent() throws Exception {
        assumeKubectl();
        Path scratch = Files.createTempDirectory(K8S, ".helmtest");
        try {
            Files.writeString(scratch.resolve("kustomization.yaml"),
                    "resources:\n  - ../base\ncomponents:\n  - ../components/pgbouncer\n");
            List<JsonNode> helm = render(null, Map.of("pgbouncer.enabled", true));
            assertSameEssentials(kustomize(scratch), helm);
            JsonNode config = byKindAndName(helm).get("ConfigMap/mt5db-config");
            assertTrue(config.at("/data/QUARKUS_DATASOURCE_JDBC_URL").asText().contains(":6432/"));
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aSecretNameIsRequired() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> render(null, Map.of("secrets.existingSecret", "")));
        assertTrue(e.getMessage().contains("secrets.existingSecret"), e.getMessage());
    }

    @Test
    void aReleaseWithAnotherNamePrefixesEveryObject() {
        String out = new Helm(CHART).template().withName("staging").withNamespace("other").withKubeVersion(KUBE_VERSION).call();
        List<JsonNode> objects = parse(out);
        assertFalse(objects.isEmpty());
        for (JsonNode o : objects) {
            assertTrue(o.at("/metadata/name").asText().startsWith("staging-mt5db"), o.at("/metadata/name").asText());
        }
    }

    /** Every key of values.yaml has a comment line above it, except inside free-form maps (config, resources, probes, contexts). */
    @Test
    void everyValueIsDocumented() throws IOException {
        Set<String> freeForm = Set.of("config", "podSecurityContext", "containerSecurityContext", "resources", "startup",
                "liveness", "readiness");
        for (String file : List.of("values.yaml", "values-staging.yaml", "values-production.yaml")) {
            List<String> lines = Files.readAllLines(CHART.resolve(file), StandardCharsets.UTF_8);
            Deque<Object[]> parents = new ArrayDeque<>();
            List<String> undocumented = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                var m = java.util.regex.Pattern.compile("^( *)([A-Za-z][\\w.-]*):").matcher(lines.get(i));
                if (!m.find()) {
                    continue;
                }
                int indent = m.group(1).length();
                while (!parents.isEmpty() && (int) parents.peek()[0] >= indent) {
                    parents.pop();
                }
                boolean free = parents.stream().anyMatch(p -> freeForm.contains((String) p[1]));
                parents.push(new Object[] {indent, m.group(2)});
                if (!free && (i == 0 || !lines.get(i - 1).trim().startsWith("#"))) {
                    undocumented.add(file + ":" + (i + 1) + " " + lines.get(i).trim());
                }
            }
            assertEquals(List.of(), undocumented, "values without a comment line above them");
        }
    }

    // ---- the comparison -------------------------------------------------------------------------

    /** The same objects (Namespace aside: Helm installs into one) with the same essentials. */
    static void assertSameEssentials(List<JsonNode> kustomize, List<JsonNode> helm) {
        Map<String, JsonNode> expected = byKindAndName(kustomize);
        expected.remove("Namespace/mt5db");
        expected.remove("Namespace/mt5db-staging");
        Map<String, JsonNode> actual = byKindAndName(helm);
        assertEquals(expected.keySet(), actual.keySet(), "objects");
        for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
            assertEquals(essentials(e.getValue()), essentials(actual.get(e.getKey())), e.getKey());
        }
    }

    /** What must agree between the renderings: the spec minus labels, names of the release and annotations Helm adds. */
    static JsonNode essentials(JsonNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("metadata");
        ObjectNode spec = (ObjectNode) copy.get("spec");
        switch (object.path("kind").asText()) {
            case "Deployment" -> {
                stripLabels(spec.with("selector").with("matchLabels"));
                ObjectNode template = spec.with("template");
                template.remove("metadata");
                ObjectNode pod = template.with("spec");
                if (pod.has("topologySpreadConstraints")) {
                    stripLabels((ObjectNode) pod.at("/topologySpreadConstraints/0/labelSelector/matchLabels"));
                }
                ObjectNode container = (ObjectNode) pod.at("/containers/0");
                // Helm sets PORT from containerPort; kustomize relies on the app's default (8000)
                var env = container.withArray("env");
                for (int i = env.size() - 1; i >= 0; i--) {
                    if (env.get(i).path("name").asText().equals("PORT")) {
                        env.remove(i);
                    }
                }
            }
            case "Service", "PodDisruptionBudget", "NetworkPolicy" -> {
                if (spec.has("selector")) {
                    stripLabels(spec.get("selector").has("matchLabels") ? spec.with("selector").with("matchLabels")
                            : spec.with("selector"));
                }
                if (spec.has("podSelector")) {
                    stripLabels(spec.with("podSelector").with("matchLabels"));
                }
            }
            case "CronJob" -> ((ObjectNode) spec.at("/jobTemplate/spec/template")).remove("metadata");
            case "PodMonitor" -> {
                if (spec.at("/selector/matchLabels").isObject()) {
                    stripLabels((ObjectNode) spec.at("/selector/matchLabels"));
                }
            }
            default -> {
            }
        }
        return copy;
    }

    /** The release's own label (app.kubernetes.io/instance) is Helm's; the rest of a selector must agree. */
    static void stripLabels(ObjectNode labels) {
        labels.remove("app.kubernetes.io/instance");
    }

    // ---- rendering ------------------------------------------------------------------------------

    static List<JsonNode> render(String valuesFile, Map<String, Object> set) {
        var template = new Helm(CHART).template().withName("mt5db").withNamespace("mt5db").withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            template.withValuesFile(CHART.resolve(valuesFile));
        }
        set.forEach(template::set);
        return parse(template.call());
    }

    static List<JsonNode> kustomize(Path dir) throws Exception {
        if (!kubectlInstalled()) {
            assertEquals(K8S.resolve("base"), dir, "without kubectl only the base can be read as written");
            return baseAsWritten();
        }
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return parse(out);
    }

    /** deploy/k8s/base's resources with the two things kustomize adds that matter here: the namespace and the image tag. */
    static List<JsonNode> baseAsWritten() throws IOException {
        JsonNode kustomization = YAML.readTree(K8S.resolve("base/kustomization.yaml").toFile());
        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            for (JsonNode o : parse(Files.readString(K8S.resolve("base").resolve(resource.asText())))) {
                if (o.at("/spec/template/spec/containers/0/image").asText().equals("mt5db")) {
                    ((ObjectNode) o.at("/spec/template/spec/containers/0")).put("image", "mt5db:latest");
                }
                objects.add(o);
            }
        }
        return objects;
    }

    static List<JsonNode> parse(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    objects.add(doc);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unparseable rendering: " + e.getMessage() + "\n" + yaml, e);
        }
        return objects;
    }

    static Map<String, JsonNode> byKindAndName(List<JsonNode> objects) {
        Map<String, JsonNode> map = new TreeMap<>();
        for (JsonNode o : objects) {
            String key = o.path("kind").asText() + "/" + o.at("/metadata/name").asText();
            assertNotNull(key);
            assertTrue(map.put(key, o) == null, "rendered twice: " + key);
        }
        return map;
    }

    static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    static boolean kubectlInstalled() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void assumeKubectl() {
        Assumptions.assumeTrue(kubectlInstalled(), "kubectl is not installed: the overlays are compared where it is");
    }
}
