package io.mt5db.market;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mt5db.common.JsonBodies;
import io.mt5db.common.QueryParams;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/symbols")
@Tag(name = "read", description = "Candles, ticks, symbols and statistics")
public class SymbolResource {

    static final String SYMBOL_EXAMPLE = """
            {"symbol":"EURUSD","digits":5,"digits_source":"set","point":0.00001,"pip_size":0.0001,\
            "contract_size":100000.0,"currency":"USD","sessions":{"timezone":"America/New_York",\
            "weekly":[{"open":"SUN 17:00","close":"FRI 17:00"}],"always_open":null},"default_sessions":true,\
            "updated_at":"2025-10-20T03:00:00Z","series":[{"timeframe":"M1","count":1440,\
            "first_ts":"2025-10-19T21:00:00Z","last_ts":"2025-10-20T20:59:00Z"}]}""";
    static final List<String> CSV_HEADER = List.of("symbol", "digits", "digits_source", "point", "pip_size",
            "contract_size", "currency", "timeframe", "count", "first_ts", "last_ts");
    private static final long MAX_BODY = 65_536;

    @Inject
    SymbolService symbols;

    private final JsonBodies bodies;

    @Inject
    public SymbolResource(ObjectMapper mapper) {
        this.bodies = new JsonBodies(mapper);
    }

    @GET
    @RequiresScope(Scope.READ)
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(summary = "Symbols with metadata and their series",
            description = "Each symbol with its metadata, and per timeframe the exact row count (maintained as candles "
                    + "are written, never counted per request) with first and last ts. Paged by symbol name: pass "
                    + "next_cursor (JSON) or X-Next-Cursor (CSV) as cursor. CSV has one row per series.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "symbols", value = "{\"items\":[" + SYMBOL_EXAMPLE + "],\"next_cursor\":null}")))
    public Response list(@Parameter(description = "1..100000, default 1000") @QueryParam("limit") Integer limit,
            @Parameter(description = "the next_cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format) throws SQLException {
        int max = QueryParams.limit(limit);
        boolean csv = QueryParams.csv(format);
        Page<SymbolService.SymbolView> page = symbols.list(cursor == null || cursor.isBlank() ? null : cursor, max);
        if (!csv) {
            return Response.ok(page, MediaType.APPLICATION_JSON).build();
        }
        List<List<Object>> rows = new ArrayList<>();
        for (SymbolService.SymbolView s : page.items()) {
            List<Object> meta = Arrays.asList(s.symbol(), s.digits(), s.digitsSource(), s.point(), s.pipSize(),
                    s.contractSize(), s.currency());
            if (s.series().isEmpty()) {
                List<Object> row = new ArrayList<>(meta);
                row.addAll(Arrays.asList(null, null, null, null));
                rows.add(row);
            }
            for (SymbolService.SeriesView series : s.series()) {
                List<Object> row = new ArrayList<>(meta);
                row.addAll(Arrays.asList(series.timeframe(), series.count(), series.firstTs(), series.lastTs()));
                rows.add(row);
            }
        }
        Response.ResponseBuilder response = Response.ok(Csv.render(CSV_HEADER, rows), Csv.MEDIA_TYPE);
        if (page.nextCursor() != null) {
            response.header("X-Next-Cursor", page.nextCursor());
        }
        return response.build();
    }

    @GET
    @Path("{symbol}")
    @RequiresScope(Scope.READ)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One symbol with metadata and series")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "symbol", value = SYMBOL_EXAMPLE)))
    public SymbolService.SymbolView get(@PathParam("symbol") String symbol) throws SQLException {
        return symbols.get(QueryParams.symbol(symbol));
    }

    @PUT
    @Path("{symbol}")
    @RequiresScope(Scope.INGEST)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set symbol metadata (EA or admin)",
            description = "Fields present are set, absent ones kept, null clears one: digits (0..10), point, pip_size, "
                    + "contract_size, currency, sessions ({timezone, weekly:[{open:\"SUN 17:00\", close:\"FRI 17:00\"}]} "
                    + "or {always_open:true}; default FX hours, Sunday 17:00 to Friday 17:00 New York, DST-aware). "
                    + "Until digits is set it is inferred from prices. spread_points on ingest is converted with point "
                    + "(else 10^-digits); other replicas see a change within 10 s.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SymbolBodies.Metadata.class),
            examples = @ExampleObject(name = "metadata", value = """
                    {"digits":5,"point":0.00001,"pip_size":0.0001,"contract_size":100000,"currency":"USD",\
                    "sessions":{"timezone":"America/New_York","weekly":[{"open":"SUN 17:00","close":"FRI 17:00"}]}}""")))
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "symbol", value = SYMBOL_EXAMPLE)))
    public SymbolService.SymbolView put(@PathParam("symbol") String symbol, InputStream body,
            @HeaderParam("Content-Encoding") String contentEncoding) throws SQLException {
        String name = QueryParams.symbol(symbol);
        return symbols.update(name, bodies.read(body, contentEncoding, MAX_BODY));
    }
}
