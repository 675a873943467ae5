package io.mt5db.market;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** CSV rendering for the read API: plain decimal numbers (no exponent), empty cells for missing values. */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv; charset=utf-8";

    private Csv() {
    }

    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Instant i) {
            return i.toString();
        }
        return value.toString();
    }

    public static String render(List<String> header, List<List<Object>> rows) {
        StringBuilder out = new StringBuilder(64 + rows.size() * 96);
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            printer.printRecord(header);
            for (List<Object> row : rows) {
                for (Object value : row) {
                    printer.print(cell(value));
                }
                printer.println();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
