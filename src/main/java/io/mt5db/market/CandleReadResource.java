package io.mt5db.market;

import io.mt5db.common.ApiException;
import io.mt5db.common.QueryParams;
import io.mt5db.common.Timeframe;
import io.mt5db.security.RequiresScope;
import io.mt5db.security.Scope;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/")
@RequiresScope(Scope.READ)
@Tag(name = "read", description = "Candles, ticks and cursors")
public class CandleReadResource {

    static final List<String> CANDLE_HEADER =
            List.of("symbol", "timeframe", "ts", "open", "high", "low", "close", "volume", "spread", "source");
    static final List<String> INDICATOR_HEADER =
            List.of("rsi", "macd", "macd_signal", "macd_hist", "atr", "bb_upper", "bb_middle", "bb_lower");
    static final Instant BEGINNING = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant END = Instant.parse("9999-01-01T00:00:00Z");

    @Inject
    MarketRepository repository;

    @GET
    @Path("candles")
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(summary = "Candles in ts order",
            description = "from inclusive, to exclusive. JSON: {items, next_cursor}; pass next_cursor as from for the "
                    + "next page. CSV: the next page's from is in the X-Next-Cursor header.")
    public Response candles(@QueryParam("symbol") String symbol, @QueryParam("timeframe") String timeframe,
            @Parameter(description = "ISO-8601 or epoch, inclusive") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 or epoch, exclusive") @QueryParam("to") String to,
            @Parameter(description = "1..100000, default 1000") @QueryParam("limit") Integer limit,
            @QueryParam("indicators") boolean indicators,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format) throws SQLException {
        String sym = QueryParams.symbol(symbol);
        Timeframe tf = QueryParams.timeframe(timeframe);
        Instant fromTs = QueryParams.time("from", from, BEGINNING);
        Instant toTs = QueryParams.time("to", to, END);
        QueryParams.range(fromTs, toTs);
        int max = QueryParams.limit(limit);
        boolean csv = QueryParams.csv(format);
        List<CandleRow> rows = repository.candles(sym, tf, fromTs, toTs, max, indicators);
        String next = null;
        if (rows.size() > max) {
            next = rows.get(max).ts().toString();
            rows = rows.subList(0, max);
        }
        if (!csv) {
            return Response.ok(new Page<>(rows, next), MediaType.APPLICATION_JSON).build();
        }
        List<String> header = new ArrayList<>(CANDLE_HEADER);
        if (indicators) {
            header.addAll(INDICATOR_HEADER);
        }
        List<List<Object>> cells = new ArrayList<>(rows.size());
        for (CandleRow r : rows) {
            cells.add(csvRow(r, indicators));
        }
        Response.ResponseBuilder response = Response.ok(Csv.render(header, cells), Csv.MEDIA_TYPE);
        if (next != null) {
            response.header("X-Next-Cursor", next);
        }
        return response.build();
    }

    @GET
    @Path("ticks")
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(summary = "Ticks in (ts, arrival) order",
            description = "from inclusive, to exclusive; next_cursor (JSON) or X-Next-Cursor (CSV) is passed back as cursor.")
    public Response ticks(@QueryParam("symbol") String symbol, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") Integer limit,
            @Parameter(description = "the next_cursor of the previous page") @QueryParam("cursor") String cursor,
            @QueryParam("format") String format) throws SQLException {
        String sym = QueryParams.symbol(symbol);
        Instant fromTs = QueryParams.time("from", from, BEGINNING);
        Instant toTs = QueryParams.time("to", to, END);
        QueryParams.range(fromTs, toTs);
        int max = QueryParams.limit(limit);
        boolean csv = QueryParams.csv(format);
        long afterSeq = -1;
        if (cursor != null && !cursor.isBlank()) {
            String[] parts = cursor.split("_");
            try {
                fromTs = Instant.ofEpochMilli(Long.parseLong(parts[0]));
                afterSeq = Long.parseLong(parts[1]);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("Query parameter 'cursor' is not a cursor this API returned");
            }
        }
        List<MarketRepository.TickRowWithSeq> rows = repository.ticks(sym, fromTs, toTs, afterSeq, max);
        String next = null;
        if (rows.size() > max) {
            MarketRepository.TickRowWithSeq last = rows.get(max - 1);
            next = last.tick().ts().toEpochMilli() + "_" + last.seq();
            rows = rows.subList(0, max);
        }
        List<TickRow> ticks = rows.stream().map(MarketRepository.TickRowWithSeq::tick).toList();
        if (!csv) {
            return Response.ok(new Page<>(ticks, next), MediaType.APPLICATION_JSON).build();
        }
        List<List<Object>> cells = new ArrayList<>(ticks.size());
        for (TickRow t : ticks) {
            cells.add(java.util.Arrays.asList(t.symbol(), t.ts(), t.bid(), t.ask(), t.last(), t.volume(), t.flags()));
        }
        Response.ResponseBuilder response = Response.ok(
                Csv.render(List.of("symbol", "ts", "bid", "ask", "last", "volume", "flags"), cells), Csv.MEDIA_TYPE);
        if (next != null) {
            response.header("X-Next-Cursor", next);
        }
        return response.build();
    }

    @GET
    @Path("latest")
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(summary = "Newest candle of a series, with indicators", description = "404 when the series has no candle.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "latest", value = """
                    {"symbol":"EURUSD","timeframe":"M1","ts":"2025-10-20T09:14:00Z","open":1.0855,"high":1.0857,\
                    "low":1.0854,"close":1.0856,"volume":150,"spread":0.00002,"source":"ticks","rsi":55.2,\
                    "macd":0.00012,"macd_signal":0.0001,"macd_hist":0.00002,"atr":0.00031,"bb_upper":1.0861,\
                    "bb_middle":1.0853,"bb_lower":1.0845}""")))
    public Response latest(@QueryParam("symbol") String symbol,
            @Parameter(description = "default M1") @QueryParam("timeframe") String timeframe,
            @Parameter(description = "json (default) or csv") @QueryParam("format") String format) throws SQLException {
        String sym = QueryParams.symbol(symbol);
        Timeframe tf = timeframe == null || timeframe.isBlank() ? Timeframe.M1 : QueryParams.timeframe(timeframe);
        boolean csv = QueryParams.csv(format);
        CandleRow row = repository.latest(sym, tf)
                .orElseThrow(() -> ApiException.notFound("No " + tf + " candle of " + sym + " is stored"));
        if (!csv) {
            return Response.ok(row, MediaType.APPLICATION_JSON).build();
        }
        List<String> header = new ArrayList<>(CANDLE_HEADER);
        header.addAll(INDICATOR_HEADER);
        return Response.ok(Csv.render(header, List.of(csvRow(row, true))), Csv.MEDIA_TYPE).build();
    }

    static List<Object> csvRow(CandleRow r, boolean indicators) {
        List<Object> row = new ArrayList<>(18);
        row.addAll(List.of(r.symbol(), r.timeframe(), r.ts(), r.open(), r.high(), r.low(), r.close()));
        row.add(r.volume());
        row.add(r.spread());
        row.add(r.source());
        if (indicators) {
            CandleRow.Indicators i = r.indicators();
            row.addAll(java.util.Arrays.asList(i.rsi(), i.macd(), i.macdSignal(), i.macdHist(), i.atr(), i.bbUpper(),
                    i.bbMiddle(), i.bbLower()));
        }
        return row;
    }

    public record Cursor(String symbol, String timeframe, Instant ts) {
    }

    @GET
    @Path("ingest/cursor")
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.INGEST)
    @Operation(summary = "Newest stored ts of a series", description = "An EA resumes its backfill from here; ts is null when nothing is stored.")
    public Cursor cursor(@QueryParam("symbol") String symbol, @QueryParam("timeframe") String timeframe)
            throws SQLException {
        String sym = QueryParams.symbol(symbol);
        Timeframe tf = QueryParams.timeframe(timeframe);
        return new Cursor(sym, tf.name(), repository.newestCandleTs(sym, tf).orElse(null));
    }
}
