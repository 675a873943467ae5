package io.mt5db.common;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * One description for each parameter many routes share, written once here instead of on every
 * method; a route that documents one of them itself keeps its own text.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiParameters implements OASFilter {

    static final Map<String, String> SHARED = Map.of(
            "details", "How much of the per-item result list to return: all (default), errors (only the rejected "
                    + "items) or none (counts only).",
            "atomic", "true: any invalid item fails the whole request with 422 and nothing is stored; false "
                    + "(default): valid items are stored and invalid ones rejected one by one.",
            "X-Broker-Offset", "How to read timestamps without an offset (epoch numbers included, as MT5 counts "
                    + "them in server time): a fixed offset such as +02:00 or an IANA zone such as Europe/Athens "
                    + "(DST-aware). Default UTC.",
            "Content-Encoding", "gzip to send a gzip-compressed body (its size limit counts the decompressed "
                    + "bytes); absent or identity for a plain body.");

    @Override
    public Parameter filterParameter(Parameter parameter) {
        String shared = SHARED.get(parameter.getName());
        if (shared != null && (parameter.getDescription() == null || parameter.getDescription().isBlank())) {
            parameter.setDescription(shared);
        }
        return parameter;
    }
}
