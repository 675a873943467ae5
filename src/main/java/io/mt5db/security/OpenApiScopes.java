package io.mt5db.security;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

/**
 * Puts the API-key requirement on every operation the {@link ApiKeyFilter} protects, from the same
 * annotations it reads ({@link RequiresScope}, {@link PublicEndpoint}, admin when neither), so that
 * Swagger UI's Authorize sends the key and the document states the scope each operation needs.
 * Runs once at build time over the Jandex index; public operations get no requirement.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiScopes implements OASFilter {

    /** The extension naming the scope an operation needs ({@code public} when it needs no key). */
    public static final String SCOPE_EXTENSION = "x-required-scope";

    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final DotName REQUIRES_SCOPE = DotName.createSimple(RequiresScope.class.getName());
    private static final DotName PUBLIC = DotName.createSimple(PublicEndpoint.class.getName());
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    /** "GET /signals/{id}" -> the scope it needs. */
    private final Map<String, Scope> scopes = new HashMap<>();
    private final Set<String> publicRoutes = new HashSet<>();

    public OpenApiScopes(IndexView index) {
        for (AnnotationInstance path : index.getAnnotations(PATH)) {
            if (path.target().kind() == AnnotationTarget.Kind.CLASS) {
                readResource(path.target().asClass(), path.value().asString());
            }
        }
    }

    private void readResource(ClassInfo type, String typePath) {
        boolean typePublic = type.declaredAnnotation(PUBLIC) != null;
        AnnotationInstance typeScope = type.declaredAnnotation(REQUIRES_SCOPE);
        for (MethodInfo method : type.methods()) {
            String httpMethod = HTTP_METHODS.stream()
                    .filter(name -> method.declaredAnnotation(DotName.createSimple("jakarta.ws.rs." + name)) != null)
                    .findFirst().orElse(null);
            if (httpMethod == null) {
                continue;
            }
            AnnotationInstance methodPath = method.declaredAnnotation(PATH);
            String route = httpMethod + " " + normalize(typePath, methodPath == null ? "" : methodPath.value().asString());
            AnnotationInstance methodScope = method.declaredAnnotation(REQUIRES_SCOPE);
            boolean isPublic = method.declaredAnnotation(PUBLIC) != null || (methodScope == null && typePublic);
            if (isPublic) {
                publicRoutes.add(route);
            } else {
                AnnotationInstance scope = methodScope != null ? methodScope : typeScope;
                scopes.put(route, scope != null ? Scope.valueOf(scope.value().asEnum()) : Scope.ADMIN);
            }
        }
    }

    /** "/" + "signals" + "{id: [0-9]+}" -> "/signals/{id}", the form the OpenAPI document uses. */
    static String normalize(String typePath, String methodPath) {
        String joined = ("/" + typePath + "/" + methodPath).replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}")
                .replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        String scheme = schemeName(openAPI);
        for (Map.Entry<String, PathItem> item : openAPI.getPaths().getPathItems().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getValue().getOperations().entrySet()) {
                String route = entry.getKey().name() + " " + item.getKey();
                Operation operation = entry.getValue();
                if (publicRoutes.contains(route)) {
                    operation.setSecurity(null);
                    operation.addExtension(SCOPE_EXTENSION, "public");
                    continue;
                }
                // A route the index does not know is protected like an unannotated one: admin.
                Scope scope = scopes.getOrDefault(route, Scope.ADMIN);
                operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(scheme)));
                operation.addExtension(SCOPE_EXTENSION, scope.wireName());
                String needs = "Needs an API key with the `" + scope.wireName() + "` scope"
                        + (scope == Scope.ADMIN ? "." : " (or an `admin` key).");
                String description = operation.getDescription();
                operation.setDescription(description == null || description.isBlank() ? needs : description + "\n\n" + needs);
            }
        }
    }

    private static String schemeName(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getSecuritySchemes() != null) {
            for (Map.Entry<String, SecurityScheme> scheme : openAPI.getComponents().getSecuritySchemes().entrySet()) {
                if (scheme.getValue().getType() == SecurityScheme.Type.APIKEY) {
                    return scheme.getKey();
                }
            }
        }
        throw new IllegalStateException("The OpenAPI document defines no API-key security scheme "
                + "(quarkus.smallrye-openapi.security-scheme=api-key)");
    }
}
