package io.mt5db.market;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The symbol-metadata request body as an OpenAPI schema; {@link SymbolService} enforces it. */
final class SymbolBodies {

    private SymbolBodies() {
    }

    @Schema(name = "SymbolMetadata", description = "Fields present are set, absent ones kept, null clears one")
    record Metadata(
            @Schema(minimum = "0", maximum = "10", description = "price digits; inferred from prices until set") Integer digits,
            @Schema(description = "> 0; spread_points on ingest is converted with it (else 10^-digits)") Double point,
            @Schema(description = "> 0") Double pipSize,
            @Schema(description = "> 0") Double contractSize,
            @Schema(maxLength = 16, examples = "USD") String currency,
            @Schema(description = "trading hours; default FX hours (Sunday 17:00 to Friday 17:00 New York)") Sessions sessions) {
    }

    @Schema(name = "TradingSessions")
    record Sessions(
            @Schema(examples = "America/New_York") String timezone,
            List<Session> weekly,
            @Schema(description = "true: trades around the clock") Boolean alwaysOpen) {
    }

    @Schema(name = "TradingSession")
    record Session(@Schema(examples = "SUN 17:00") String open, @Schema(examples = "FRI 17:00") String close) {
    }
}
