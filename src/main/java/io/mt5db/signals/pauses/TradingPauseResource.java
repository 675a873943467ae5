package io.mt5db.signals.pauses;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.JsonBodies;
import io.mt5db.security.AuditLog;
import io.mt5db.security.Caller;
import io.mt5db.security.CurrentCaller;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import io.mt5db.signals.SignalRules;
import io.mt5db.signals.SignalsConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The kill switch: while a pause applies, /signals/next delivers nothing it covers. */
@Path("/trading/pause")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.SIGNALS)
@Tag(name = "signals")
public class TradingPauseResource {

    @Inject
    TradingPauses pauses;

    @Inject
    CurrentCaller caller;

    @Inject
    SignalsConfig config;

    @Inject
    AuditLog audit;

    private final JsonBodies bodies;

    @Inject
    public TradingPauseResource(ObjectMapper mapper) {
        this.bodies = new JsonBodies(mapper);
    }

    public record PauseList(List<TradingPause> pauses) {
    }

    @PUT
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, MediaType.WILDCARD})
    @Operation(summary = "Pause or resume signal delivery",
            description = "{account_id?, symbol?, paused, reason?}. Scope: both null = everything; account_id = that "
                    + "account; symbol = that symbol on every account; both = that symbol on that account. Pauses are "
                    + "independent switches: resuming one scope does not lift another that also applies. Signals keep "
                    + "expiring while paused; those still live when resumed are delivered then. An admin key may pause "
                    + "anything. Any other signals key may pause and resume only an account it acts for (a bound key: "
                    + "its own, account_id may be omitted), and cannot lift a pause an admin set.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = io.mt5db.signals.SignalBodies.PauseBody.class),
            examples = {@ExampleObject(name = "pause an account", value = "{\"account_id\":\"50123456\",\"paused\":true,"
                    + "\"reason\":\"drawdown limit\"}"),
                    @ExampleObject(name = "pause everything", value = "{\"paused\":true}"),
                    @ExampleObject(name = "resume a symbol", value = "{\"symbol\":\"XAUUSD\",\"paused\":false}")}))
    public PauseState set(InputStream body, @HeaderParam("Content-Encoding") String contentEncoding) throws SQLException {
        PauseRequest input = PauseRequest.parse(bodies.read(body, contentEncoding, config.maxBodyBytes()));
        Caller who = caller.get();
        String account = caller.resolveAccount(input.accountId());
        PauseState state = pauses.set(account, input.symbol(), input.paused(), input.reason(), who.name(), who.isAdmin());
        audit.record(who, input.paused() ? "trading.pause" : "trading.resume",
                "account:" + (account == null ? "*" : account) + " symbol:" + (input.symbol() == null ? "*" : input.symbol()),
                input.reason());
        return state;
    }

    @GET
    @Operation(summary = "Active pauses",
            description = "All of them; with account_id (or a bound key) those that apply to the account.")
    public PauseList list(@QueryParam("account_id") String accountId) throws SQLException {
        return new PauseList(pauses.list(caller.resolveAccount(SignalRules.accountParameter(accountId))));
    }
}
