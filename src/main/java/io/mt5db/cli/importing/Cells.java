package io.mt5db.cli.importing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits one delimited line: tab- and comma-separated, double-quoted cells as RFC 4180 writes them. */
final class Cells {

    private Cells() {
    }

    /** The separator a header or first line uses: tab, else comma, else semicolon. */
    static char separatorOf(String line) {
        if (line.indexOf('\t') >= 0) {
            return '\t';
        }
        if (line.indexOf(',') >= 0) {
            return ',';
        }
        return line.indexOf(';') >= 0 ? ';' : '\t';
    }

    static List<String> split(String line, char separator) {
        List<String> cells = new ArrayList<>(12);
        if (line.indexOf('"') < 0) {
            int start = 0;
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == separator) {
                    cells.add(line.substring(start, i).trim());
                    start = i + 1;
                }
            }
            cells.add(line.substring(start).trim());
            return cells;
        }
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == separator) {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().trim());
        return cells;
    }

    /** A header name compared without case, angle brackets ({@code <DATE>}) or surrounding spaces. */
    static String name(String header) {
        String s = header.trim();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        return s.trim().toLowerCase(Locale.ROOT);
    }

    static String cell(List<String> cells, int index) {
        return index < 0 || index >= cells.size() ? "" : cells.get(index);
    }
}
