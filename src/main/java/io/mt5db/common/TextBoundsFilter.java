package io.mt5db.common;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link TextRules} to every query parameter and to {@code X-Account-Id} of every route,
 * after authentication (a higher priority number than the key filter): a NUL, a control character,
 * invalid UTF-8 or an over-long value is a 400 naming the parameter before any route sees it.
 * {@code account_id} and {@code X-Account-Id} follow {@link TextRules.Kind#ACCOUNT_ID}, {@code cursor}
 * {@link TextRules.Kind#CURSOR}, every other parameter {@link TextRules.Kind#PARAMETER}.
 */
public class TextBoundsFilter {

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public void check(ContainerRequestContext request) {
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            String name = parameter.getKey();
            TextRules.require("query parameter name", name, TextRules.Kind.PARAMETER);
            for (String value : parameter.getValue()) {
                TextRules.require(name, value, kindOf(name));
            }
        }
        String account = request.getHeaderString("X-Account-Id");
        if (account != null) {
            TextRules.require("X-Account-Id", account, TextRules.Kind.ACCOUNT_ID);
        }
    }

    static TextRules.Kind kindOf(String parameter) {
        return switch (parameter) {
            case "account_id" -> TextRules.Kind.ACCOUNT_ID;
            case "cursor" -> TextRules.Kind.CURSOR;
            default -> TextRules.Kind.PARAMETER;
        };
    }
}
